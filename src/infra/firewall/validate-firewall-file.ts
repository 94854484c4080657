import type { FirewallFileKind } from "./firewall-document.js";
import { parseFirewallDocument } from "./parse-firewall-document.js";
import { renderFirewallDocument } from "./render-firewall-document.js";

/** `cluster.fw` is the cluster file; `<id>.fw` files are guest files. */
export function firewallFileKind(fileName: string): FirewallFileKind {
  return /(^|\/)cluster\.fw$/.test(fileName) ? "cluster" : "guest";
}

/**
 * pve-firewall has no offline checker: the file must parse without a
 * complaint and render back to the same bytes, so nothing in it is read
 * differently from what Phoenix meant.
 */
export function validateFirewallFile(text: string, kind: FirewallFileKind): string[] {
  const parsed = parseFirewallDocument(text, kind);
  const problems = parsed.errors.map((e) => `line ${e.line}: ${e.message}`);
  if (problems.length > 0) return problems;
  let again: string;
  try {
    again = renderFirewallDocument(parsed.document);
  } catch (err) {
    return [`not renderable: ${err instanceof Error ? err.message : String(err)}`];
  }
  if (again !== text) {
    const a = text.split("\n");
    const b = again.split("\n");
    const at = a.findIndex((line, i) => line !== b[i]);
    return [`line ${at + 1}: not in canonical form (parse → render gives "${b[at] ?? ""}")`];
  }
  return [];
}
