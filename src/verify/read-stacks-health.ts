import { MANAGED_LABEL, NAMESPACE_LABEL } from "../engine/stack-labels.js";
import type { SwarmPort } from "../swarm/swarm-port.js";
import { assessServiceHealth, groupTasksByService, type ServiceHealth } from "./assess-service-health.js";

/**
 * The health of every Phoenix service of the given stacks: three list calls
 * (services, tasks, nodes) whatever the number of stacks. Sorted by service.
 */
export async function readStacksHealth(port: SwarmPort, namespaces: readonly string[], nowMs: number): Promise<ServiceHealth[]> {
  const wanted = new Set(namespaces);
  const [services, tasks, nodes] = await Promise.all([port.listLabelledServices(MANAGED_LABEL), port.listTasks({}), port.listNodes()]);
  const byService = groupTasksByService(tasks);
  return services
    .filter((s) => wanted.has(s.Spec.Labels?.[NAMESPACE_LABEL] ?? ""))
    .map((s) => assessServiceHealth(s, byService.get(s.ID) ?? [], nodes, nowMs))
    .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}
