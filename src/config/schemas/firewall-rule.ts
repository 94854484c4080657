import { z } from "zod";
import { Ipv4Address, Ipv4Cidr, PortList } from "./primitives.js";

/**
 * A rule's source or destination: address, CIDR, range, list, alias or
 * `+ipset`, as Proxmox accepts them. Only digits, dots and `/` can be nothing
 * but an address or CIDR, so such a value must be a valid one.
 */
const FirewallAddress = z
  .string()
  .min(1)
  .refine(
    (text) => !/^[0-9./]+$/.test(text) || Ipv4Address.safeParse(text).success || Ipv4Cidr.safeParse(text).success,
    "must be an IPv4 address or network such as 10.0.0.5 or 10.0.0.0/24, a range, an alias or +ipset",
  );

/**
 * One firewall rule as written in the Phoenix config (hypervisor global rules,
 * guest `firewall.rules`, stack `firewall_rules`). Every field but `type` and
 * `action` is optional, as in `generate_rule_string` of the bash tooling.
 */
export const FirewallRule = z.looseObject({
  /** Direction: `in` or `out` (written upper-case in Proxmox files). */
  type: z.enum(["in", "out", "IN", "OUT"]).describe("Direction: in or out."),
  /** What to do with matching traffic. */
  action: z.enum(["ACCEPT", "DROP", "REJECT", "accept", "drop", "reject"]).describe("ACCEPT, DROP or REJECT."),
  /** Protocol name as Proxmox knows it (`tcp`, `udp`, `icmp`, …). */
  proto: z.string().regex(/^[a-z0-9-]+$/, "must be a protocol name such as tcp, udp or icmp").optional().describe("Protocol: tcp, udp, icmp, …"),
  /** Source address, CIDR, range, alias or ipset reference. */
  source: FirewallAddress.optional().describe("Source address, CIDR or +ipset."),
  /** Destination address, CIDR, range, alias or ipset reference. */
  dest: FirewallAddress.optional().describe("Destination address, CIDR or +ipset."),
  /** Destination port(s): `80`, `80,443`, `8000:8010`. */
  port: PortList.optional().describe("Destination port(s): 80, 80,443 or 8000:8010."),
  /** Interface (`net0` in guest files). */
  iface: z.string().min(1).optional().describe("Interface the rule applies to."),
  /** Kept as a trailing `# comment` in the generated file. */
  comment: z.string().optional().describe("Comment kept in the generated file."),
});
export type FirewallRule = z.infer<typeof FirewallRule>;
