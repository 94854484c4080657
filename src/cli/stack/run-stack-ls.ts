/**
 * `phoenix stack ls`: every service with the namespace label, grouped by its
 * value, names in natural order (docker/cli `stack/list.go`). 20.10 prints an
 * ORCHESTRATOR column (always Swarm); 23.0+ does not.
 */
import { NAMESPACE_LABEL } from "../../engine/stack-labels.js";
import { ExitCode } from "../exit-codes.js";
import { compareNatural, renderTable } from "./render-table.js";
import type { ComposeCompat } from "../../compose/compose-compat.js";
import type { StackContext } from "./stack-context.js";

export interface StackSummary {
  readonly name: string;
  readonly services: number;
}

export async function runStackLs(options: { json: boolean; cliVersion: ComposeCompat }, context: StackContext): Promise<number> {
  const docker = await context.docker();
  const services = await docker.listServices({ filters: { label: [NAMESPACE_LABEL] } });
  const counts = new Map<string, number>();
  for (const service of services) {
    const stack = service.Spec?.Labels?.[NAMESPACE_LABEL];
    if (stack === undefined) {
      context.io.stderr(`cannot get label ${NAMESPACE_LABEL} for service ${service.ID}\n`);
      return ExitCode.error;
    }
    counts.set(stack, (counts.get(stack) ?? 0) + 1);
  }
  const stacks: StackSummary[] = [...counts]
    .map(([name, count]) => ({ name, services: count }))
    .sort((a, b) => compareNatural(a.name, b.name));
  if (options.json) {
    context.io.stdout(`${JSON.stringify(stacks, null, 2)}\n`);
    return ExitCode.ok;
  }
  const withOrchestrator = options.cliVersion === "20.10";
  const header = withOrchestrator ? ["NAME", "SERVICES", "ORCHESTRATOR"] : ["NAME", "SERVICES"];
  const rows = stacks.map((s) => (withOrchestrator ? [s.name, String(s.services), "Swarm"] : [s.name, String(s.services)]));
  context.io.stdout(renderTable(header, rows));
  return ExitCode.ok;
}
