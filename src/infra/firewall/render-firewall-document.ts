import type { Origin } from "../../config/desired-state.js";
import { createRenderError, requireSafeValue } from "../safe-render-value.js";
import type { FirewallDocument, FirewallRuleLine } from "./firewall-document.js";

/**
 * The canonical text of a firewall file: `[OPTIONS]`, then `[ALIASES]` and
 * `[IPSET …]` when present, then `[RULES]`; sections separated by one empty
 * line, every line ending in `\n` (the section layout of the bash generator).
 * Every value is one word of its line (a comment: the rest of it), or this throws.
 */
export function renderFirewallDocument(doc: FirewallDocument): string {
  const sections: string[][] = [];
  sections.push(["[OPTIONS]", ...doc.options.map((o) => `${word(o.key, "option name")}: ${word(o.value, `option ${o.key}`)}`)]);
  if (doc.aliases.length > 0)
    sections.push(["[ALIASES]", ...doc.aliases.map((a) => withComment(`${word(a.name, "alias name")} ${word(a.cidr, `alias ${a.name}`)}`, a.comment))]);
  for (const set of doc.ipsets) {
    const entries = set.entries.map((e) => withComment(`${e.nomatch ? "!" : ""}${word(e.cidr, `ipset ${set.name} entry`)}`, e.comment));
    sections.push([withComment(`[IPSET ${word(set.name, "ipset name")}]`, set.comment), ...entries]);
  }
  sections.push(["[RULES]", ...doc.rules.map((rule) => renderFirewallRuleLine(rule))]);
  return sections.map((lines) => lines.join("\n") + "\n").join("\n");
}

export function renderFirewallRuleLine(rule: FirewallRuleLine, origin?: Origin): string {
  requireSafeRuleLine(rule, origin);
  const head = `${rule.enabled ? "" : "|"}${rule.direction} ${rule.action}`;
  const flags = rule.flags.map((f) => ` ${f.name} ${f.value}`).join("");
  return withComment(head + flags, rule.comment);
}

/**
 * Throws unless every part of the rule stays one word of its line: a space,
 * `#` or line break in a flag value would end the flag early and start another
 * flag, a comment or a whole new rule (`-i vmbr0\nIN ACCEPT`); a value
 * starting with `-` would be read as the next flag's name.
 */
export function requireSafeRuleLine(rule: FirewallRuleLine, origin?: Origin): void {
  const context = (what: string) => ({ output: "firewall" as const, what, ...(origin ? { origin } : {}) });
  requireSafeValue(rule.action, "firewall-flag", context("rule action"));
  for (const flag of rule.flags) {
    requireSafeValue(flag.value, "firewall-flag", context(`rule option ${flag.name}`));
    if (flag.value.startsWith("-")) throw createRenderError(context(`rule option ${flag.name}`), flag.value, "it would be read as the next option's name");
  }
  if (rule.comment !== undefined) requireSafeValue(rule.comment, "firewall-comment", context("rule comment"));
}

function word(value: string, what: string): string {
  return requireSafeValue(value, "firewall-flag", { output: "firewall", what });
}

function withComment(text: string, comment: string | undefined): string {
  if (comment === undefined || comment === "") return text;
  return `${text} # ${requireSafeValue(comment, "firewall-comment", { output: "firewall", what: "comment" })}`;
}
