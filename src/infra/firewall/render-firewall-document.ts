import type { FirewallDocument, FirewallRuleLine } from "./firewall-document.js";

/**
 * The canonical text of a firewall file: `[OPTIONS]`, then `[ALIASES]` and
 * `[IPSET …]` when present, then `[RULES]`; sections separated by one empty
 * line, every line ending in `\n` (the section layout of the bash generator).
 */
export function renderFirewallDocument(doc: FirewallDocument): string {
  const sections: string[][] = [];
  sections.push(["[OPTIONS]", ...doc.options.map((o) => `${o.key}: ${o.value}`)]);
  if (doc.aliases.length > 0) sections.push(["[ALIASES]", ...doc.aliases.map((a) => withComment(`${a.name} ${a.cidr}`, a.comment))]);
  for (const set of doc.ipsets) {
    sections.push([withComment(`[IPSET ${set.name}]`, set.comment), ...set.entries.map((e) => withComment(`${e.nomatch ? "!" : ""}${e.cidr}`, e.comment))]);
  }
  sections.push(["[RULES]", ...doc.rules.map(renderFirewallRuleLine)]);
  return sections.map((lines) => lines.join("\n") + "\n").join("\n");
}

export function renderFirewallRuleLine(rule: FirewallRuleLine): string {
  const head = `${rule.enabled ? "" : "|"}${rule.direction} ${rule.action}`;
  const flags = rule.flags.map((f) => ` ${f.name} ${f.value}`).join("");
  return withComment(head + flags, rule.comment);
}

function withComment(text: string, comment: string | undefined): string {
  return comment === undefined || comment === "" ? text : `${text} # ${comment}`;
}
