import { NAMESPACE_LABEL } from "../../engine/stack-labels.js";
import { COMMIT_LABEL, MANAGED_LABEL, SOURCE_LABEL } from "../../engine/stack-labels.js";
import { ExitCode } from "../exit-codes.js";
import { openSwarmPort } from "../pipeline-options.js";
interface StackStatus {
  readonly stack: string;
  readonly source: string;
  readonly services: number;
  /** Commits that last changed the stack's services, newest label first as found. */
  readonly commits: readonly string[];
}


export async function runStatusCommand(flags: { json?: boolean }): Promise<number> {
  const port = await openSwarmPort();
  const services = await port.listLabelledServices(MANAGED_LABEL);
  const byStack = new Map<string, { source: string; services: number; commits: Set<string> }>();
  for (const s of services) {
    const labels = s.Spec.Labels ?? {};
    const stack = labels[NAMESPACE_LABEL] ?? "";
    const entry = byStack.get(stack) ?? { source: labels[SOURCE_LABEL] ?? "", services: 0, commits: new Set<string>() };
    entry.services += 1;
    const commit = labels[COMMIT_LABEL];
    if (commit) entry.commits.add(commit);
    byStack.set(stack, entry);
  }
  const rows: StackStatus[] = [...byStack]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([stack, e]) => ({ stack, source: e.source, services: e.services, commits: [...e.commits].sort() }));
  if (flags.json) process.stdout.write(JSON.stringify({ stacks: rows }, null, 2) + "\n");
  else if (rows.length === 0) process.stdout.write("no stacks deployed by Phoenix\n");
  else {
    const table = [["STACK", "SOURCE", "SERVICES", "COMMIT"], ...rows.map((r) => [r.stack, r.source, String(r.services), r.commits.map((c) => c.slice(0, 12)).join(",") || "-"])];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) process.stdout.write(row.map((cell, i) => cell.padEnd(widths[i]!)).join("   ").trimEnd() + "\n");
  }
  return ExitCode.ok;
}
