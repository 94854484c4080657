import { z } from "zod";
import { DnsLabel, Port } from "./primitives.js";

/** A guest service published through the internal Traefik proxy as `<name>.<domain>`. */
export const TraefikServiceConfig = z.looseObject({
  /** Router name and first DNS label of the public host name. */
  name: DnsLabel.describe("Router name; the service is reachable as <name>.<domain>."),
  /** Port the guest serves the service on. */
  port: Port.describe("Port the guest serves the service on."),
  /** Backend scheme; without it VMs are reached over https and LXCs over http (the legacy generator's rule). */
  scheme: z
    .enum(["http", "https"])
    .optional()
    .describe("Backend scheme. Default: https for VMs, http for LXCs (kept from the bash generator)."),
});
export type TraefikServiceConfig = z.infer<typeof TraefikServiceConfig>;
