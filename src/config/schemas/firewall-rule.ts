import { z } from "zod";
import { InterfaceName, Ipv4Address, Ipv4Cidr, PortList, SingleLineText } from "./primitives.js";

/** One item of a source or destination: address, CIDR, range, alias (`dc/name`) or `+ipset`. */
const ADDRESS_ITEM = "[A-Za-z0-9+][A-Za-z0-9.:/_+-]*";

/**
 * A rule's source or destination: address, CIDR, range, list, alias or
 * `+ipset`, as Proxmox accepts them. Only the characters those forms use: a
 * space, `#` or newline would end the rule's flag and start another (or a
 * comment) in the `.fw` file. Only digits, dots and `/` can be nothing but an
 * address or CIDR, so such a value must be a valid one.
 */
export const FirewallAddress = z
  .string()
  // Checked first and alone: the list regex would overflow the stack on megabytes of input.
  .max(512, { abort: true, message: "must be at most 512 characters long" })
  .regex(
    new RegExp(`^!?${ADDRESS_ITEM}(?: *, *${ADDRESS_ITEM})*$`),
    "must be an IPv4 address or network such as 10.0.0.5 or 10.0.0.0/24, a range, an alias or +ipset (letters, digits and . : / _ + - only)",
  )
  .refine(
    (text) => !/^[0-9./]+$/.test(text) || Ipv4Address.safeParse(text).success || Ipv4Cidr.safeParse(text).success,
    "must be an IPv4 address or network such as 10.0.0.5 or 10.0.0.0/24, a range, an alias or +ipset",
  );

/** A protocol name as Proxmox knows it; it must not start with `-` (the parser would read a flag). */
export const FirewallProtocol = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "must be a protocol name such as tcp, udp or icmp");

/** A Proxmox firewall macro name (`SSH`, `HTTP`, `DNS`). */
export const FirewallMacro = z.string().regex(/^[A-Z][A-Za-z0-9]{0,31}$/, "must be a Proxmox macro name such as SSH, HTTP or DNS");

/** Log levels of a Proxmox rule's `-log` option. */
export const FIREWALL_LOG_LEVELS = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug", "nolog"] as const;

/**
 * One firewall rule as written in the Phoenix config (hypervisor global rules,
 * guest `firewall.rules`, stack `firewall_rules`). Every field but `type` and
 * `action` is optional, as in `generate_rule_string` of the bash tooling.
 * Every field lands in a `.fw` line, so each is held to the characters its
 * form needs (see docs/config-format.md).
 */
export const FirewallRule = z.looseObject({
  /** Direction: `in` or `out` (written upper-case in Proxmox files). */
  type: z.enum(["in", "out", "IN", "OUT"]).describe("Direction: in or out."),
  /** What to do with matching traffic. */
  action: z.enum(["ACCEPT", "DROP", "REJECT", "accept", "drop", "reject"]).describe("ACCEPT, DROP or REJECT."),
  /** A Proxmox macro (`SSH`, `HTTP`): the rule is written `Macro(ACTION)`. */
  macro: FirewallMacro.optional().describe("Proxmox macro such as SSH or HTTP; the rule is written Macro(ACTION)."),
  /** Protocol name as Proxmox knows it (`tcp`, `udp`, `icmp`, …). */
  proto: FirewallProtocol.optional().describe("Protocol: tcp, udp, icmp, …"),
  /** Source address, CIDR, range, alias or ipset reference. */
  source: FirewallAddress.optional().describe("Source address, CIDR or +ipset."),
  /** Destination address, CIDR, range, alias or ipset reference. */
  dest: FirewallAddress.optional().describe("Destination address, CIDR or +ipset."),
  /** Destination port(s): `80`, `80,443`, `8000:8010`. */
  port: PortList.optional().describe("Destination port(s): 80, 80,443 or 8000:8010."),
  /** Interface (`net0` in guest files). */
  iface: InterfaceName.optional().describe("Interface the rule applies to (netN in a guest's rules)."),
  /** Log level of matching packets. */
  log: z.enum(FIREWALL_LOG_LEVELS).optional().describe("Log level of matching packets (nolog, info, …)."),
  /** Kept as a trailing `# comment` in the generated file. */
  comment: SingleLineText(256).optional().describe("Comment kept in the generated file; one line."),
});
export type FirewallRule = z.infer<typeof FirewallRule>;
