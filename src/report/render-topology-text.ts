import type picocolors from "picocolors";
import type { Plan } from "../plan/plan.js";
import { formatFieldChange } from "./describe-plan.js";
import { changedNodes, describeTopologyHeading, listTopologyLines } from "./describe-topology.js";

type Colors = ReturnType<typeof picocolors.createColors>;

/** The `Swarm nodes` block of the terminal plan: the VM ↔ node mapping, then each node's label changes. */
export function renderTopologyText(plan: Plan, c: Colors): string[] {
  const mapping = listTopologyLines(plan);
  const nodes = changedNodes(plan);
  if (mapping.length === 0 && nodes.length === 0) return [];
  const changes = nodes.flatMap((n) => [
    `  ${c.yellow("~")} node ${c.bold(n.node)} ${c.yellow("update")}`,
    ...n.fields.map((f) => `      ${formatFieldChange(f, { path: c.bold })}`),
  ]);
  return [c.bold(describeTopologyHeading(plan)), ...mapping.map((line) => `  ${line}`), ...changes, ""];
}
