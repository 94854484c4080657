/**
 * `--prune` (docs/stack-deploy.md §5.1 step 3, §5.6): removes the stack's services
 * whose name, without the `<stack>_` prefix, the spec no longer has. Only
 * services: networks, secrets, configs and volumes are never pruned.
 */
import { compareNames } from "./apply-networks.js";
import type { ServiceInfo } from "../engine/engine-objects.js";
import type { ServiceSpec } from "../engine/engine-service-spec.js";
import type { DeployRun } from "./deploy-run.js";
import { trimStackPrefix } from "../engine/stack-labels.js";
import type { SwarmPort } from "./swarm-port.js";

/** Returns the services still live after pruning. */
export async function pruneServices(
  port: SwarmPort,
  desired: readonly ServiceSpec[],
  live: readonly ServiceInfo[],
  run: DeployRun,
): Promise<ServiceInfo[]> {
  const wanted = new Set(desired.map((spec) => trimStackPrefix(run.stack, spec.Name)));
  const kept: ServiceInfo[] = [];
  const pruned = live.filter((service) => {
    const keep = wanted.has(trimStackPrefix(run.stack, service.Spec.Name));
    if (keep) kept.push(service);
    return !keep;
  });
  for (const service of pruned.sort((a, b) => compareNames(a.Spec.Name, b.Spec.Name))) {
    run.emit("service.remove", `Removing service ${service.Spec.Name}`, { name: service.Spec.Name, id: service.ID });
    await port.removeService(service.ID);
    run.record({ kind: "service", name: service.Spec.Name, id: service.ID, action: "remove", changes: [] });
  }
  return kept;
}
