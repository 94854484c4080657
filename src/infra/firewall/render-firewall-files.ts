import type { DesiredState, Origin } from "../../config/desired-state.js";
import type { FirewallRule } from "../../config/schemas/firewall-rule.js";
import type { Diagnostic } from "../../errors.js";
import type { RenderedFile, RenderedOutput } from "../rendered-output.js";
import { renderWarning } from "../render-diagnostic.js";
import type { FirewallDocument, FirewallFileKind, FirewallRuleLine } from "./firewall-document.js";
import { checkFirewallRule } from "./check-firewall-rule.js";
import { convertFirewallRule, firewallRuleKey } from "./convert-firewall-rule.js";
import { renderFirewallDocument, requireSafeRuleLine } from "./render-firewall-document.js";

export const CLUSTER_FIREWALL_FILE = "cluster.fw";

/**
 * The Proxmox firewall files: `cluster.fw` with the options and the global
 * rules (they land in the host's chains), and one `<id>.fw` per guest with
 * its own rules plus the `firewall_rules` of the stacks assigned to it (the
 * guest's tap chain reads only that file).
 */
export function renderFirewallFiles(state: DesiredState): RenderedOutput {
  const warnings: Diagnostic[] = [];
  const files: RenderedFile[] = [];
  const cluster: FirewallDocument = {
    options: [
      { key: "enable", value: state.firewall.enabled ? "1" : "0" },
      { key: "policy_in", value: state.firewall.policyIn.toUpperCase() },
      { key: "policy_out", value: state.firewall.policyOut.toUpperCase() },
    ],
    aliases: [],
    ipsets: [],
    rules: collectRules([{ rules: state.firewall.globalRules, origin: undefined, what: "global rules" }], "cluster", warnings),
  };
  files.push({ name: CLUSTER_FIREWALL_FILE, content: renderFirewallDocument(cluster) });

  for (const guest of state.guests) {
    const sources: RuleSource[] = [];
    if (guest.firewall) sources.push({ rules: guest.firewall.rules, origin: guest.origin, what: `guest ${guest.id}` });
    for (const a of state.assignments) {
      if (a.vmid !== guest.id) continue;
      const rules = state.stacks.get(a.stack)?.environments.get(a.environment)?.firewallRules ?? [];
      if (rules.length > 0) sources.push({ rules, origin: a.origin, what: `stack ${a.stack} (${a.environment})` });
    }
    if (sources.length === 0) continue;
    if (!guest.firewall && sources.length > 0)
      warnings.push(
        renderWarning(
          "FIREWALL_GUEST_DISABLED",
          `guest ${guest.id} declares no firewall: the firewall rules of its stacks are written with enable: 0`,
          guest.origin,
          "add a firewall block with enabled: true to the guest",
        ),
      );
    const doc: FirewallDocument = {
      options: [{ key: "enable", value: guest.firewall?.enabled ? "1" : "0" }],
      aliases: [],
      ipsets: [],
      rules: collectRules(sources, "guest", warnings),
    };
    files.push({ name: `${guest.id}.fw`, content: renderFirewallDocument(doc) });
  }
  return { id: "firewall", files, warnings };
}

interface RuleSource {
  readonly rules: readonly FirewallRule[];
  readonly origin: Origin | undefined;
  readonly what: string;
}

/** Rules in source order; a repeat of an earlier rule (comment aside) is dropped, the first comment kept. */
function collectRules(sources: readonly RuleSource[], kind: FirewallFileKind, warnings: Diagnostic[]): FirewallRuleLine[] {
  const seen = new Set<string>();
  const out: FirewallRuleLine[] = [];
  for (const source of sources) {
    for (const rule of source.rules) {
      const line = convertFirewallRule(rule);
      // A value that would split the line is refused outright, not skipped: it is an attack or a bug, never a typo.
      requireSafeRuleLine(line, source.origin);
      const problems = checkFirewallRule(line, kind);
      if (problems.length > 0) {
        warnings.push(renderWarning("FIREWALL_RULE_SKIPPED", `a rule of ${source.what} is left out: ${problems.join("; ")}`, source.origin));
        continue;
      }
      const key = firewallRuleKey(line);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(line);
    }
  }
  return out;
}
