import { NAMESPACE_LABEL } from "../../engine/stack-labels.js";
import { COMMIT_LABEL, MANAGED_LABEL, SOURCE_LABEL } from "../../engine/stack-labels.js";
import type { NodeInfo } from "../../engine/engine-objects.js";
import { PHOENIX_NODE_LABEL_PREFIX, vmNodeLabel } from "../../engine/node-labels.js";
import { ExitCode } from "../exit-codes.js";
import { openSwarmPort } from "../pipeline-options.js";
interface StackStatus {
  readonly stack: string;
  readonly source: string;
  readonly services: number;
  /** Commits that last changed the stack's services, newest label first as found. */
  readonly commits: readonly string[];
}

/** A node and the VMs it plays, as the placement labels Phoenix put on it say. */
interface NodeStatus {
  readonly hostname: string;
  readonly id: string;
  readonly address: string;
  readonly role: string;
  readonly state: string;
  readonly vms: readonly string[];
}

export async function runStatusCommand(flags: { json?: boolean }): Promise<number> {
  const port = await openSwarmPort();
  const [services, nodes] = await Promise.all([port.listLabelledServices(MANAGED_LABEL), port.listNodes()]);
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
  const nodeRows = nodes.map(toNodeStatus).sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0));
  if (flags.json) {
    process.stdout.write(JSON.stringify({ stacks: rows, nodes: nodeRows }, null, 2) + "\n");
    return ExitCode.ok;
  }
  if (rows.length === 0) process.stdout.write("no stacks deployed by Phoenix\n");
  else printTable([["STACK", "SOURCE", "SERVICES", "COMMIT"], ...rows.map((r) => [r.stack, r.source, String(r.services), r.commits.map((c) => c.slice(0, 12)).join(",") || "-"])]);
  process.stdout.write("\n");
  printTable([["NODE", "ADDRESS", "ROLE", "STATE", "VMS"], ...nodeRows.map((n) => [n.hostname, n.address || "-", n.role, n.state, n.vms.join(",") || "-"])]);
  return ExitCode.ok;
}

function toNodeStatus(node: NodeInfo): NodeStatus {
  const prefix = vmNodeLabel("");
  const vms = Object.keys(node.Spec.Labels ?? {})
    .filter((key) => key.startsWith(prefix) && key.length > prefix.length && key.startsWith(PHOENIX_NODE_LABEL_PREFIX))
    .map((key) => key.slice(prefix.length))
    .sort((a, b) => Number(a) - Number(b));
  return {
    hostname: node.Description?.Hostname ?? node.ID,
    id: node.ID,
    address: node.Status.Addr ?? "",
    role: node.Spec.Role ?? "worker",
    state: node.Status.State,
    vms,
  };
}

function printTable(table: readonly (readonly string[])[]): void {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) process.stdout.write(row.map((cell, i) => cell.padEnd(widths[i]!)).join("   ").trimEnd() + "\n");
}
