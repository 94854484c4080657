/**
 * `phoenix stack rm`: docker/cli `stack rm` (docs/stack-deploy.md §6.1) — the
 * stack's services, secrets, configs and networks, each sorted by name, with
 * the CLI's lines — made safe on the 20.10 engine (docs/development.md): after the
 * services it waits until their tasks are gone before it removes anything
 * else, since removing networks under running tasks leaks ingress addresses;
 * then it waits for the networks to disappear, so that a deploy right after
 * does not find a network that is about to vanish (moby/moby#29293).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../logger.js";
import { compareNames } from "./apply-networks.js";
import { createCountingSwarmPort, type WriteCallCounts } from "./counting-swarm-port.js";
import { readDockerMessage } from "./docker-api-error.js";
import type { DeployEvent } from "./deploy-types.js";
import type { SwarmPort } from "./swarm-port.js";

export interface RemoveStackOptions {
  readonly logger: Logger;
  readonly onEvent?: (event: DeployEvent) => void;
  /** Upper bound for each wait (tasks gone, networks gone); default 60 s. */
  readonly waitTimeoutMs?: number;
  readonly pollIntervalMs?: number;
}

type RemovableKind = "service" | "secret" | "config" | "network";

export interface RemovedObject {
  readonly kind: RemovableKind;
  readonly name: string;
  readonly id: string;
}

export interface RemoveStackResult {
  readonly stack: string;
  /** `Nothing found in stack: <stack>`. */
  readonly nothingFound: boolean;
  readonly removed: readonly RemovedObject[];
  readonly failures: readonly (RemovedObject & { readonly message: string })[];
  /** Waits that ran out of time (the removal went on regardless). */
  readonly warnings: readonly string[];
  readonly writeCalls: WriteCallCounts;
}

export async function removeStack(port: SwarmPort, stack: string, options: RemoveStackOptions): Promise<RemoveStackResult> {
  const counting = createCountingSwarmPort(port);
  const timeoutMs = options.waitTimeoutMs ?? 60_000;
  const pollMs = options.pollIntervalMs ?? 250;
  const emit = (type: DeployEvent["type"], message: string, stream: "stdout" | "stderr" = "stdout") =>
    options.onEvent?.({ type, message, stream });
  const removed: RemovedObject[] = [];
  const failures: (RemovedObject & { message: string })[] = [];
  const warnings: string[] = [];
  const live = await counting.listStackObjects(stack);

  const finish = (nothingFound: boolean): RemoveStackResult => {
    if (failures.length > 0) emit("warning", `Failed to remove some resources from stack: ${stack}`, "stderr");
    options.logger.info({ stack, removed: removed.length, failed: failures.length }, "stack removed");
    return { stack, nothingFound, removed, failures, warnings, writeCalls: counting.writeCalls };
  };
  if ([live.services, live.networks, live.secrets, live.configs].every((list) => list.length === 0)) {
    emit("warning", `Nothing found in stack: ${stack}`, "stderr");
    return finish(true);
  }

  const remove = async (kind: RemovableKind, name: string, id: string, call: (id: string) => Promise<void>) => {
    emit(`${kind}.remove`, `Removing ${kind} ${name}`);
    try {
      await call(id);
      removed.push({ kind, name, id });
    } catch (error) {
      const message = readDockerMessage(error);
      failures.push({ kind, name, id, message });
      emit("warning", `Failed to remove ${kind} ${id}: ${message}`, "stderr");
    }
  };
  const byName = <T>(items: readonly T[], name: (item: T) => string) => [...items].sort((a, b) => compareNames(name(a), name(b)));

  for (const service of byName(live.services, (s) => s.Spec.Name)) {
    await remove("service", service.Spec.Name, service.ID, (id) => counting.removeService(id));
  }
  const removedServices = new Set(removed.map((object) => object.id));
  const tasksGone = await waitUntil(async () => {
    const tasks = await counting.listTasks({ stack });
    return tasks.every((task) => !removedServices.has(task.ServiceID));
  }, { timeoutMs, pollMs });
  if (!tasksGone) warnings.push(`tasks of stack ${stack} were still shutting down after ${timeoutMs / 1000}s`);

  for (const secret of byName(live.secrets, (s) => s.Spec.Name)) {
    await remove("secret", secret.Spec.Name, secret.ID, (id) => counting.removeSecret(id));
  }
  for (const config of byName(live.configs, (c) => c.Spec.Name)) {
    await remove("config", config.Spec.Name, config.ID, (id) => counting.removeConfig(id));
  }
  for (const network of byName(live.networks, (n) => n.Name)) {
    await remove("network", network.Name, network.Id, (id) => counting.removeNetwork(id));
  }
  const removedNetworks = new Set(removed.filter((o) => o.kind === "network").map((o) => o.id));
  const networksGone = await waitUntil(async () => {
    const networks = await counting.listStackNetworks(stack);
    return networks.every((network) => !removedNetworks.has(network.Id));
  }, { timeoutMs, pollMs });
  if (!networksGone) warnings.push(`networks of stack ${stack} were still listed after ${timeoutMs / 1000}s`);
  for (const warning of warnings) emit("warning", warning, "stderr");
  return finish(false);
}

async function waitUntil(check: () => Promise<boolean>, limits: { timeoutMs: number; pollMs: number }): Promise<boolean> {
  const deadline = Date.now() + limits.timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(limits.pollMs);
  }
}
