import { hasErrors } from "../diagnostics.js";
import { deployStack } from "../swarm/deploy-stack.js";
import { removeStack } from "../swarm/remove-stack.js";
import type { DeployEvent, DeployResult } from "../swarm/deploy-types.js";
import { runPlan, type PlanInput, type PlanRun } from "./run-plan.js";

export interface SyncOptions {
  /** Stop after the plan (`--dry-run`): the same code path, minus apply. */
  readonly dryRun: boolean;
  /** Return after the writes without waiting for convergence (and so without rollback). */
  readonly detach?: boolean;
  readonly onEvent?: (event: DeployEvent) => void;
}

export type StackSyncOutcome = DeployResult["outcome"] | "removed" | "skipped";

export interface StackSyncResult {
  readonly namespace: string;
  readonly outcome: StackSyncOutcome;
  readonly deploy?: DeployResult;
  readonly error?: string;
}

export interface SyncRun extends PlanRun {
  readonly results: readonly StackSyncResult[];
  /** True when every stack that had to change converged (or nothing had to). */
  readonly ok: boolean;
}

/** source → load → plan → apply → verify. Only stacks whose plan changes are touched. */
export async function runSync(input: PlanInput, options: SyncOptions): Promise<SyncRun> {
  const planned = await runPlan(input);
  const { plan, settings } = planned;
  if (!plan || !settings || hasErrors(planned.diagnostics)) return { ...planned, results: [], ok: false };
  if (options.dryRun) return { ...planned, results: [], ok: true };
  const log = input.logger;
  const results: StackSyncResult[] = [];
  for (const change of plan.stacks) {
    if (change.action === "unchanged" || change.action === "orphaned") continue;
    if (change.action === "remove") {
      const removed = await removeStack(input.port, change.namespace, { logger: log, ...(options.onEvent ? { onEvent: options.onEvent } : {}) });
      results.push({ namespace: change.namespace, outcome: removed.failures.length === 0 ? "removed" : "failed", ...(removed.failures[0] ? { error: removed.failures[0].message } : {}) });
      continue;
    }
    const desired = planned.desired.find((d) => d.namespace === change.namespace);
    if (!desired) continue;
    log.info({ stack: change.namespace, action: change.action }, "stack deploying");
    const deploy = await deployStack(input.port, desired.spec, {
      prune: settings.prune,
      resolveImage: settings.swarm.resolveImage,
      detach: options.detach ?? false,
      compat: false,
      waitTimeoutMs: settings.wait.timeoutSeconds * 1000,
      ...(settings.wait.monitorSeconds !== undefined ? { monitorMs: settings.wait.monitorSeconds * 1000 } : {}),
      logger: log,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    log.info({ stack: change.namespace, outcome: deploy.outcome, writes: deploy.writeCalls.total }, "stack deployed");
    results.push({ namespace: change.namespace, outcome: deploy.outcome, deploy, ...(deploy.error ? { error: deploy.error.message } : {}) });
  }
  const ok = results.every((r) => r.outcome === "applied" || r.outcome === "unchanged" || r.outcome === "removed");
  return { ...planned, results, ok };
}
