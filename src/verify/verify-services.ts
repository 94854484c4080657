/**
 * The verify stage of a deploy: wait for every service this run changed, and
 * when one fails roll back per the rollback scope (default: the whole stack,
 * so that services of one commit are never left half on the new version).
 */
import type { ChangedService } from "../swarm/apply-services.js";
import type { DeployRun } from "../swarm/deploy-run.js";
import type { RollbackScope } from "../swarm/deploy-types.js";
import { rollbackService, type RollbackOutcome } from "./rollback-service.js";
import type { SwarmPort } from "../swarm/swarm-port.js";
import { readDockerMessage } from "../swarm/docker-api-error.js";
import { waitForConvergence, type ConvergenceResult } from "./wait-for-convergence.js";
import { readFailureLogs } from "./read-failure-logs.js";
import { describeRollbackOutcome } from "./describe-rollback-outcome.js";

export interface VerifyOptions {
  readonly timeoutMs: number;
  readonly monitorMs?: number;
  readonly pollIntervalMs?: number;
  readonly rollback: RollbackScope;
  /** Masks the run's secret values in what a task printed (default: nothing to mask). */
  readonly maskText?: (text: string) => string;
}

/** Waits for the changed services; returns true when all converged. */
export async function verifyServices(
  port: SwarmPort,
  changed: readonly ChangedService[],
  options: VerifyOptions,
  run: DeployRun,
): Promise<boolean> {
  const waits = await Promise.all(changed.map(async (service) => ({ service, result: await watch(port, service, options) })));
  const failures = new Map<string, string>();
  const logs = new Map<string, readonly string[]>();
  const maskText = options.maskText ?? ((text: string) => text);
  for (const { service, result } of waits) {
    if (result.converged) continue;
    failures.set(service.id, result.reason);
    // Read now: the rollback starts new tasks, and the failed one's container may be reaped later.
    const lines = await readFailureLogs(port, result.task, maskText);
    if (lines.length > 0) logs.set(service.id, lines);
    const message = `Service ${service.name} failed: ${result.reason}`;
    run.emit("service.failed", message, { name: service.name, id: service.id, stream: "stderr", ...(lines.length > 0 ? { lines } : {}) });
  }
  if (failures.size === 0) {
    for (const { service } of waits) {
      run.emit("service.converged", `Service ${service.name} converged`, { name: service.name, id: service.id });
      run.verified({ service: service.name, id: service.id, outcome: "converged" });
    }
    return true;
  }
  await rollBackServices(port, changed, { failures, logs, untouched: "converged" }, options, run);
  return false;
}

/** A service that cannot be watched (the daemon stopped answering) counts as failed: it is not known to run. */
async function watch(port: SwarmPort, service: ChangedService, options: VerifyOptions): Promise<ConvergenceResult> {
  try {
    return await waitForConvergence(port, service.id, {
      timeoutMs: options.timeoutMs,
      ...(options.monitorMs === undefined ? {} : { monitorMs: options.monitorMs }),
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    });
  } catch (error) {
    const reason = `could not watch the service: ${readDockerMessage(error)}`;
    return { converged: false, reason, timedOut: false, swarmRolledBack: false, elapsedMs: 0 };
  }
}

/**
 * Rolls back after failures (from verification, or a write the daemon
 * rejected midway): the failed services, or every changed one with scope "stack".
 */
export async function rollBackServices(
  port: SwarmPort,
  changed: readonly ChangedService[],
  why: {
    /** Service ID → reason, for the services that failed themselves. */
    readonly failures: ReadonlyMap<string, string>;
    /** What stopped the deploy when no changed service failed (a rejected write). */
    readonly cause?: string;
    /** What a service outside the rollback scope is: it converged, or nobody waited for it. */
    readonly untouched: "converged" | "not-verified";
    /** Service ID → the failing task's last output lines. */
    readonly logs?: ReadonlyMap<string, readonly string[]>;
  },
  options: Omit<VerifyOptions, "monitorMs">,
  run: DeployRun,
): Promise<void> {
  const { failures, untouched, logs: failureLogs } = why;
  const firstFailed = changed.find((service) => failures.has(service.id))?.name ?? why.cause;
  const inScope = (service: ChangedService) => options.rollback === "stack" || failures.has(service.id);
  await Promise.all(
    changed.map(async (service) => {
      const reason = failures.get(service.id);
      const lines = failureLogs?.get(service.id);
      const logs = lines === undefined ? {} : { logs: lines };
      const causedBy = reason === undefined && firstFailed !== undefined ? { causedBy: firstFailed } : {};
      if (options.rollback === "none" || !inScope(service)) {
        const outcome = reason === undefined ? untouched : "failed";
        run.verified({ service: service.name, id: service.id, outcome, ...(reason === undefined ? {} : { reason }), ...logs });
        return;
      }
      run.emit(
        "service.rollback",
        service.created
          ? `Removing service ${service.name}: it was created by this deploy, there is nothing to roll back to`
          : `Rolling back service ${service.name} (id: ${service.id})`,
        { name: service.name, id: service.id, stream: "stderr" },
      );
      const rollback = await rollbackService(port, service, {
        timeoutMs: options.timeoutMs,
        ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
      }).catch((error: unknown): RollbackOutcome => ({ outcome: "rollback-failed", reason: readDockerMessage(error) }));
      const why = [reason, rollback.reason].filter(Boolean).join("; ");
      // Reported once it is over: the restored spec runs and the swarm says the rollback completed.
      run.emit("service.rolled-back", describeRollbackOutcome(service.name, rollback), {
        name: service.name,
        id: service.id,
        stream: rollback.outcome === "rollback-failed" ? "stderr" : "stdout",
      });
      const completed = rollback.completed === undefined ? {} : { rollback: rollback.completed };
      run.verified({ service: service.name, id: service.id, outcome: rollback.outcome, ...(why ? { reason: why } : {}), ...causedBy, ...completed, ...logs });
    }),
  );
}
