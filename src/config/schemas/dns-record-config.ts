import { z } from "zod";
import { HostName, Ipv4Address } from "./primitives.js";

/** A DNS record declared explicitly on a guest. */
export const DnsRecordConfig = z.looseObject({
  /** Fully qualified name the record answers. */
  hostname: HostName.describe("Fully qualified host name."),
  /** Address the name resolves to. */
  ip: Ipv4Address.describe("IPv4 address the name resolves to."),
}).describe("An explicit DNS record.");
export type DnsRecordConfig = z.infer<typeof DnsRecordConfig>;
