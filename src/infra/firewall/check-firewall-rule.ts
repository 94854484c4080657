import { FIREWALL_LOG_LEVELS } from "../../config/schemas/firewall-rule.js";
import type { FirewallFileKind, FirewallRuleLine } from "./firewall-document.js";

const ACTIONS = new Set(["ACCEPT", "DROP", "REJECT"]);
const MACRO = /^[A-Z][A-Za-z0-9]*\((ACCEPT|DROP|REJECT)\)$/;
const GROUP = /^[A-Za-z][A-Za-z0-9_-]+$/;
const PORT_PROTOCOLS = new Set(["tcp", "udp", "dccp", "sctp"]);
const PORT_ITEM = /^(\d{1,5}(:\d{1,5})?|[a-z][a-z0-9-]*)$/;
const ADDRESS = /^!?[A-Za-z0-9.:/_+\-,]+$/;
const LOG_LEVELS: ReadonlySet<string> = new Set(FIREWALL_LOG_LEVELS);

/** What pve-firewall would refuse in one rule line; empty when the rule is fine. */
export function checkFirewallRule(rule: FirewallRuleLine, kind: FirewallFileKind): string[] {
  const problems: string[] = [];
  const value = (name: string) => rule.flags.find((f) => f.name === name)?.value;
  const seen = new Set<string>();
  for (const f of rule.flags) {
    if (seen.has(f.name)) problems.push(`rule option ${f.name} given twice`);
    seen.add(f.name);
  }
  if (rule.direction === "GROUP") {
    if (!GROUP.test(rule.action)) problems.push(`invalid security group name "${rule.action}"`);
  } else if (!ACTIONS.has(rule.action) && !MACRO.test(rule.action)) {
    problems.push(`invalid action "${rule.action}": expected ACCEPT, DROP, REJECT or Macro(ACTION)`);
  }
  const proto = value("-p");
  if (proto !== undefined && !/^[a-z0-9-]+$/.test(proto)) problems.push(`invalid protocol "${proto}"`);
  for (const port of ["-dport", "-sport"]) {
    const v = value(port);
    if (v === undefined) continue;
    if (!v.split(",").every((p) => PORT_ITEM.test(p) && p.split(":").every((n) => !/^\d+$/.test(n) || Number(n) <= 65535)))
      problems.push(`invalid port list "${v}" for ${port}`);
    if (!MACRO.test(rule.action) && (proto === undefined || !PORT_PROTOCOLS.has(proto)))
      problems.push(`${port} needs -p tcp, udp, dccp or sctp (pve-firewall: "missing 'proto' - no protocol specified, required for port")`);
  }
  for (const addr of ["-source", "-dest"]) {
    const v = value(addr);
    if (v !== undefined && !ADDRESS.test(v)) problems.push(`invalid address "${v}" for ${addr}`);
  }
  const iface = value("-i");
  if (iface !== undefined && kind === "guest" && !/^net\d+$/.test(iface))
    problems.push(`interface "${iface}" in a guest file must be netN: pve-firewall skips the rule`);
  const log = value("-log");
  if (log !== undefined && !LOG_LEVELS.has(log)) problems.push(`invalid log level "${log}"`);
  const icmp = value("-icmp-type");
  if (icmp !== undefined && proto !== "icmp" && proto !== "icmpv6" && proto !== "ipv6-icmp") problems.push("-icmp-type needs -p icmp");
  return problems;
}
