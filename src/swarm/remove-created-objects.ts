/**
 * After a deploy that failed and was rolled back: removes the networks,
 * secrets and configs this run created (new objects, and new versions of
 * rotated ones) that no service of the stack references any more, so that a
 * failed first deploy leaves nothing behind and a failed update leaves the
 * stack as it was. The services themselves were removed or rolled back by
 * verify/. An object a remaining service still uses (rollback scope
 * "service") is kept.
 *
 * Like `removeStack`, it waits until the tasks of the removed services are
 * gone before it removes networks: removing a network under running tasks
 * leaks ingress addresses on the 20.10 engine, and swarm refuses while a
 * running task is attached (`network … is in use by task …`).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { ServiceInfo } from "../engine/engine-objects.js";
import { isNotFoundError, readDockerMessage } from "./docker-api-error.js";
import type { DeployRun } from "./deploy-run.js";
import type { DeployedObject } from "./deploy-types.js";
import type { SwarmPort } from "./swarm-port.js";

export interface CleanupLimits {
  /** Upper bound for the wait for tasks to go and for a network that is still in use. */
  readonly timeoutMs: number;
  readonly pollIntervalMs?: number;
}

const ORDER = { secret: 0, config: 1, network: 2, service: 3 } as const;

export async function removeCreatedObjects(port: SwarmPort, run: DeployRun, limits: CleanupLimits): Promise<void> {
  const created = run.objects.filter(
    (o): o is DeployedObject & { id: string } => o.kind !== "service" && (o.action === "create" || o.action === "rotate") && o.id !== undefined,
  );
  if (created.length === 0) return;
  const pollMs = limits.pollIntervalMs ?? 250;
  const deadline = Date.now() + limits.timeoutMs;
  const inUse = collectReferences(await port.listStackServices(run.stack));
  const unused = created.filter((o) => !inUse.has(o.id) && !inUse.has(o.name)).sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
  if (unused.length === 0) return;

  const removedServices = new Set(run.verifications.filter((v) => v.outcome === "removed").map((v) => v.id));
  if (removedServices.size > 0 && unused.some((o) => o.kind === "network")) {
    while (Date.now() < deadline) {
      const tasks = await port.listTasks({ stack: run.stack });
      if (!tasks.some((task) => removedServices.has(task.ServiceID))) break;
      await sleep(pollMs);
    }
  }

  for (const object of unused) {
    run.emit(`${object.kind}.remove`, `Removing ${object.kind} ${object.name}: this deploy created it and failed`, { name: object.name, id: object.id });
    const error = await removeObject(port, object, object.kind === "network" ? deadline : 0, pollMs);
    if (error === undefined) run.record({ ...object, action: "remove", changes: [] });
    else run.warn(`${object.kind} ${object.name} was created by this failed deploy and could not be removed: ${error}`, { name: object.name });
  }
}

/** Undefined once removed (or already gone); the daemon's message otherwise. A network in use is retried until `retryUntil`. */
async function removeObject(port: SwarmPort, object: DeployedObject & { id: string }, retryUntil: number, pollMs: number): Promise<string | undefined> {
  const call = { secret: port.removeSecret, config: port.removeConfig, network: port.removeNetwork, service: port.removeService }[object.kind].bind(port);
  for (;;) {
    try {
      await call(object.id);
      return undefined;
    } catch (error) {
      if (isNotFoundError(error)) return undefined;
      if (Date.now() >= retryUntil) return readDockerMessage(error);
      await sleep(pollMs);
    }
  }
}

/** IDs and names of every network, secret and config the services' current specs name. */
function collectReferences(services: readonly ServiceInfo[]): Set<string> {
  const names = new Set<string>();
  for (const service of services) {
    const task = service.Spec.TaskTemplate;
    for (const network of task.Networks ?? []) names.add(network.Target);
    for (const secret of task.ContainerSpec?.Secrets ?? []) [secret.SecretID, secret.SecretName].forEach((n) => n && names.add(n));
    for (const config of task.ContainerSpec?.Configs ?? []) [config.ConfigID, config.ConfigName].forEach((n) => n && names.add(n));
  }
  return names;
}
