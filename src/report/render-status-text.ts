import type { InstanceStatus, NodeStatus, StackStatus, StatusDocument } from "../reconcile/status-document.js";

/**
 * `phoenix status` as text: per instance its last sync, then a table of its
 * stacks (tasks running/desired, health, last result, commit), then one line
 * per crash-looping service with the task's error.
 */
export function renderStatusText(status: StatusDocument): string {
  return [...status.instances.map(renderInstance), renderNodes(status.nodes)].join("\n");
}

/** The swarm's nodes and the VMs each plays. */
function renderNodes(nodes: readonly NodeStatus[]): string {
  const table = [["NODE", "ADDRESS", "ROLE", "STATE", "AVAILABILITY", "VMS"], ...nodes.map((n) => [n.hostname, n.address || "-", n.role, n.state, n.availability, n.vms.join(",") || "-"])];
  return formatTable(table).join("\n") + "\n";
}

function formatTable(table: readonly (readonly string[])[]): string[] {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("   ").trimEnd());
}

function renderInstance(instance: InstanceStatus): string {
  const lines: string[] = [];
  const last = instance.lastSync;
  lines.push(
    last
      ? `instance ${instance.instance}: last sync ${formatCommit(last.commit)} ${last.result} (finished ${last.finishedAt})`
      : `instance ${instance.instance}: no sync recorded`,
  );
  if (instance.stacks.length === 0) {
    lines.push("no stacks deployed by Phoenix");
    return lines.join("\n") + "\n";
  }
  const table = [["STACK", "SOURCE", "SERVICES", "TASKS", "HEALTH", "LAST RESULT", "COMMIT"], ...instance.stacks.map(renderRow)];
  lines.push(...formatTable(table));
  for (const stack of instance.stacks) {
    for (const s of stack.health.services) {
      if (s.crashLoop) lines.push(`${s.service}: crash loop, ${s.crashLoop.failures} task failures in 5 minutes, last at ${s.crashLoop.at}: ${s.crashLoop.error}`);
      else if (s.state === "degraded") lines.push(`${s.service}: ${s.running} of ${s.desired} tasks running`);
    }
  }
  return lines.join("\n") + "\n";
}

function renderRow(stack: StackStatus): string[] {
  const { health } = stack;
  return [stack.stack, stack.source || "-", String(stack.services), `${health.running}/${health.desired}`, health.state, stack.lastResult ?? "-", formatCommit(stack.commit)];
}

function formatCommit(commit: string | null): string {
  return commit === null || commit === "" ? "-" : commit.slice(0, 12);
}
