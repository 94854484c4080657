import type { FirewallRule } from "../../config/schemas/firewall-rule.js";
import type { FirewallFlag, FirewallRuleLine } from "./firewall-document.js";

/**
 * A config rule as a Proxmox rule line. Flag order follows the bash
 * `generate_rule_string` (`-p`, `-source`, `-dest`, `-dport`), with the
 * interface written `-i` (the bash's ` iface x` does not parse) and first, as
 * pve-firewall itself writes it. Direction and action are upper-cased: the
 * parser reads a lower-case action as an unknown macro. A `macro` becomes the
 * action `Macro(ACTION)`, and `log` the last flag, as pve-firewall writes them.
 */
export function convertFirewallRule(rule: FirewallRule): FirewallRuleLine {
  const flags: FirewallFlag[] = [];
  const push = (name: FirewallFlag["name"], value: string | undefined) => {
    if (value !== undefined && value !== "") flags.push({ name, value: compactList(value) });
  };
  push("-i", rule.iface);
  push("-p", rule.proto);
  push("-source", rule.source);
  push("-dest", rule.dest);
  push("-dport", rule.port);
  push("-log", rule.log);
  const comment = rule.comment?.replace(/\s+/g, " ").trim();
  return {
    enabled: true,
    direction: rule.type.toUpperCase() === "IN" ? "IN" : "OUT",
    action: rule.macro === undefined ? rule.action.toUpperCase() : `${rule.macro}(${rule.action.toUpperCase()})`,
    flags,
    ...(comment ? { comment } : {}),
  };
}

/** Two rules are the same when everything but the comment matches. */
export function firewallRuleKey(rule: FirewallRuleLine): string {
  return [rule.enabled ? "" : "|", rule.direction, rule.action, ...rule.flags.map((f) => `${f.name}=${f.value}`)].join(" ");
}

/** `80, 443` → `80,443`: pve-firewall splits a rule on whitespace. */
function compactList(value: string): string {
  return value.trim().replace(/\s*,\s*/g, ",");
}
