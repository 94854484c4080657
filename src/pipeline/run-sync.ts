import { hasErrors } from "../diagnostics.js";
import type { Logger } from "../logger.js";
import type { StackChange } from "../plan/plan.js";
import type { RepoSettings } from "../settings/repo-settings.js";
import { deployStack } from "./deploy-stack.js";
import { removeStack } from "../swarm/remove-stack.js";
import type { DeployEvent, DeployResult } from "../swarm/deploy-types.js";
import type { SwarmPort } from "../swarm/swarm-port.js";
import { applyInfraOutput, type InfraSyncResult } from "./infra-apply.js";
import { runPlan, type PlanInput, type PlanRun } from "./run-plan.js";
import type { CertificateStageResult } from "./certificate-stage.js";
import { createCertificateSyncRecord, finishCertificateSteps, runCertificateStep } from "./sync-certificate-steps.js";
import { finishSyncRecord, startSyncRecord } from "./record-sync.js";
import { describeSourceCommit } from "./stamp-phoenix-labels.js";
import { runStackSteps } from "./run-stack-steps.js";
import type { PlanStep } from "../plan/plan.js";
import { applyPlannedNodeLabels } from "./apply-planned-node-labels.js";
import type { NodeSyncResult } from "../swarm/apply-node-labels.js";
import { runJoinStep, type JoinContext, type JoinSyncResult } from "./apply-planned-join.js";

export interface SyncOptions {
  /** Stop after the plan (`--dry-run`): the same code path, minus apply. */
  readonly dryRun: boolean;
  /** Return after the writes without waiting for convergence (and so without rollback). */
  readonly detach?: boolean;
  /** Every line of every stack's deploy or removal, naming its stack (stacks deploy side by side). */
  readonly onEvent?: (event: StackDeployEvent) => void;
  /** The plan, once it is made and before anything is applied (also with `dryRun`). */
  readonly onPlan?: (planned: PlanRun) => void;
  /** Each stack, infra output and node as it starts and ends: for progress displays. */
  readonly onStep?: (event: SyncStepEvent) => void;
  /** How a `join/<vmid>` step reaches the VM's daemon; default: ssh as `swarm.join` says (tests pass their own). */
  readonly openDaemon?: JoinContext["openDaemon"];
}

export type StackDeployEvent = DeployEvent & { readonly stack: string };

/** `unit` as in `Plan.steps` (`stack/web_app`, `infra/dns`, `node/n1`). */
export type SyncStepEvent =
  | { readonly phase: "start"; readonly unit: string; readonly action: string }
  | { readonly phase: "done"; readonly unit: string; readonly outcome: string; readonly error?: string };

/** `skipped`: not deployed because a stack it depends on failed. */
export type StackSyncOutcome = DeployResult["outcome"] | "removed" | "skipped";

export interface StackSyncResult {
  readonly namespace: string;
  readonly outcome: StackSyncOutcome;
  readonly deploy?: DeployResult;
  readonly error?: string;
}

export type { InfraSyncOutcome, InfraSyncResult } from "./infra-apply.js";
export type { NodeSyncResult } from "../swarm/apply-node-labels.js";

export interface SyncRun extends PlanRun {
  readonly results: readonly StackSyncResult[];
  /** One per infra output whose plan changed, in apply order (runSync always sets it). */
  readonly infra?: readonly InfraSyncResult[];
  /** The certificates and trust stores, when the repo manages certificates. */
  readonly certificates?: CertificateStageResult;
  /** One per node whose labels the plan changes, in apply order (runSync always sets it). */
  readonly nodes?: readonly NodeSyncResult[];
  /** One per `join/<vmid>` step, in apply order (runSync always sets it). */
  readonly joins?: readonly JoinSyncResult[];
  /** True when every stack and infra output that had to change was applied (or nothing had to). */
  readonly ok: boolean;
}

/**
 * source → load → plan → apply → verify, in the plan's step order
 * (`orderPlanSteps`). The stacks run side by side (`swarm.concurrency`), each
 * after the stacks it depends on converged. Only units whose plan changes are
 * touched; a failed unit stops only the stacks that depend on it.
 */
export async function runSync(input: PlanInput, options: SyncOptions): Promise<SyncRun> {
  const startedAt = new Date();
  const planned = await runPlan(input);
  const { plan, settings } = planned;
  if (!plan || !settings || hasErrors(planned.diagnostics)) return { ...planned, results: [], infra: [], nodes: [], joins: [], ok: false };
  options.onPlan?.(planned);
  if (options.dryRun) return { ...planned, results: [], infra: [], nodes: [], joins: [], ok: true };
  const log = input.logger;
  const record = { port: input.port, settings, commit: describeSourceCommit(input.commit, input.dirty), startedAt, logger: log };
  // Held-back steps write nothing: a sync whose every step is held marks no record either.
  const applying = plan.steps.some((s) => heldBack(splitUnit(s.unit)[0], planned.hold) === undefined);
  const previous = await startSyncRecord(record, applying);
  const results: StackSyncResult[] = [];
  const infra: InfraSyncResult[] = [];
  const nodes: NodeSyncResult[] = [];
  const joins: JoinSyncResult[] = [];
  const certificates = createCertificateSyncRecord();
  const holdCertificates = planned.hold?.certificates;
  if (holdCertificates !== undefined) log.warn({ reason: holdCertificates }, "certificates held back");
  for (let i = 0; i < plan.steps.length; i++) {
    const step = plan.steps[i] as PlanStep;
    const [kind, name] = splitUnit(step.unit);
    if (kind === "certificate") {
      // A failed CA readiness check holds back only the certificates.
      if (holdCertificates === undefined) await runCertificateStep(step, planned, input, certificates);
      continue;
    }
    if (kind === "join") {
      const joined = await runJoinStep(name, planned, { port: input.port, logger: log, ...(options.openDaemon ? { openDaemon: options.openDaemon } : {}) });
      if (joined) joins.push(joined);
      continue;
    }
    // A failed readiness check holds back the stacks and the node labels they need; infra outputs may be the fix.
    const held = kind === "node" || kind === "stack" ? heldBack(kind, planned.hold) : undefined;
    if (held !== undefined) {
      if (kind === "stack") results.push({ namespace: name, outcome: "skipped", error: `not deployed: ${held}` });
      continue;
    }
    if (kind === "node") {
      // A stack that failed was rolled back to a spec that may need the labels this step would remove.
      const failed = results.some((r) => r.outcome === "failed" || r.outcome === "rolled-back" || r.outcome === "skipped");
      const phase = step.action === "remove-labels" ? (failed ? "hold" : "remove") : "set";
      const applied = await applyPlannedNodeLabels(input.port, planned, name, phase, log);
      for (const r of applied) options.onStep?.({ phase: "done", unit: `node/${r.node}`, outcome: r.outcome, ...(r.error ? { error: r.error } : {}) });
      nodes.push(...applied);
      continue;
    }
    if (kind === "infra") {
      const deployment = planned.infraDeployments?.find((d) => d.output === name);
      // Without a deployment the change is a diff against the base render: there is no target to apply it to.
      if (deployment) {
        options.onStep?.({ phase: "start", unit: step.unit, action: step.action });
        const result = await applyInfraOutput(deployment, log);
        options.onStep?.({ phase: "done", unit: step.unit, outcome: result.outcome, ...(result.error ? { error: result.error } : {}) });
        infra.push(result);
      }
      continue;
    }
    // The stack steps follow each other: run them together, independent ones side by side.
    const batch = [step];
    while (plan.steps[i + 1]?.unit.startsWith("stack/")) batch.push(plan.steps[++i] as PlanStep);
    const context = { port: input.port, log, options };
    const run = async (s: PlanStep) => {
      const change = plan.stacks.find((c) => c.namespace === splitUnit(s.unit)[1]);
      if (!change) return undefined;
      options.onStep?.({ phase: "start", unit: s.unit, action: change.action });
      // A stack placed only on VMs that did not join would wait for a node that never comes.
      const unjoined = unjoinedVms(planned, change.namespace, joins);
      const result: StackSyncResult | undefined = unjoined
        ? { namespace: change.namespace, outcome: "skipped", error: `not deployed: ${unjoined} did not join the swarm` }
        : await syncStack(change, planned, settings, context);
      if (result) options.onStep?.({ phase: "done", unit: s.unit, outcome: result.outcome, ...(result.error ? { error: result.error } : {}) });
      return result;
    };
    const skip = (s: PlanStep, failed: string): StackSyncResult => {
      const error = `not deployed: ${failed}, which it depends on, did not converge`;
      options.onStep?.({ phase: "done", unit: s.unit, outcome: "skipped", error });
      return { namespace: splitUnit(s.unit)[1], outcome: "skipped", error };
    };
    results.push(...(await runStackSteps(batch, run, skip, settings.swarm.concurrency)));
  }
  if (holdCertificates === undefined) await finishCertificateSteps(planned, input, certificates);
  const ok =
    results.every((r) => r.outcome === "applied" || r.outcome === "unchanged" || r.outcome === "removed") &&
    infra.every((r) => r.outcome === "applied" || r.outcome === "unchanged") &&
    nodes.every((r) => r.outcome !== "failed") &&
    joins.every((r) => r.outcome !== "failed") &&
    certificates.bootstrapped.every((r) => r.outcome !== "failed") &&
    (certificates.stage?.certificates.every((r) => r.outcome !== "failed") ?? true) &&
    (certificates.stage?.trust.every((r) => r.outcome !== "failed") ?? true);
  const declared = planned.desired.map((d) => d.namespace);
  // Held-back certificate steps write nothing, but the record was marked `running` for them: it must be finished.
  const heldCertificates = holdCertificates !== undefined && plan.steps.some((s) => splitUnit(s.unit)[0] === "certificate");
  const otherWrites = heldCertificates || nodes.some((n) => n.outcome !== "unchanged") || joins.some((j) => j.outcome === "joined") || certificates.bootstrapped.length > 0 || (certificates.stage?.certificates.some((r) => r.outcome !== "unchanged") ?? false);
  await finishSyncRecord({ ...record, previous, ok, declared, results, infra, otherWrites });
  return { ...planned, results, infra, nodes, joins, ...(certificates.stage ? { certificates: certificates.stage } : {}), ok };
}

/** `VM 1002` when every VM the stack is placed on failed (or was held from) joining; undefined otherwise. */
function unjoinedVms(planned: PlanRun, namespace: string | undefined, joins: readonly JoinSyncResult[]): string | undefined {
  const desired = planned.desired.find((d) => d.namespace === namespace);
  const missing = new Set(joins.filter((j) => j.outcome === "failed" || j.outcome === "held").map((j) => j.vmid));
  if (desired === undefined || desired.placement !== "assigned" || desired.vmids.length === 0 || !desired.vmids.every((v) => missing.has(v))) return undefined;
  return desired.vmids.map((v) => `VM ${v}`).join(", ");
}

/**
 * Why a step of this kind waits for a failed readiness check, if it does: the
 * certificates for the CA's, the stacks, their node labels and the joins for
 * the others. Infra outputs never wait: they may be the fix.
 */
function heldBack(kind: string, hold: PlanRun["hold"]): string | undefined {
  if (kind === "certificate") return hold?.certificates;
  return kind === "stack" || kind === "node" || kind === "join" ? hold?.stacks : undefined;
}

/** `stack/web_app` → [`stack`, `web_app`]: the unit names of `Plan.steps`. */
function splitUnit(unit: string): [string, string] {
  const slash = unit.indexOf("/");
  return [unit.slice(0, slash), unit.slice(slash + 1)];
}

interface StackSyncContext {
  readonly port: SwarmPort;
  readonly log: Logger;
  readonly options: SyncOptions;
}

async function syncStack(change: StackChange, planned: PlanRun, settings: RepoSettings, ctx: StackSyncContext): Promise<StackSyncResult | undefined> {
  const { port, log, options } = ctx;
  const forward = options.onEvent;
  const onEvent = forward ? { onEvent: (event: DeployEvent) => forward({ ...event, stack: change.namespace }) } : {};
  if (change.action === "remove") {
    const removed = await removeStack(port, change.namespace, { logger: log, ...onEvent });
    return { namespace: change.namespace, outcome: removed.failures.length === 0 ? "removed" : "failed", ...(removed.failures[0] ? { error: removed.failures[0].message } : {}) };
  }
  const desired = planned.desired.find((d) => d.namespace === change.namespace);
  if (!desired) return undefined;
  log.info({ stack: change.namespace, action: change.action }, "stack deploying");
  const deploy = await deployStack(port, desired.spec, {
    prune: settings.prune,
    resolveImage: settings.swarm.resolveImage,
    detach: options.detach ?? false,
    compat: false,
    waitTimeoutMs: settings.wait.timeoutSeconds * 1000,
    ...(settings.wait.monitorSeconds !== undefined ? { monitorMs: settings.wait.monitorSeconds * 1000 } : {}),
    logger: log,
    maskText: (text: string) => planned.masker.maskText(text),
    ...onEvent,
  });
  log.info({ stack: change.namespace, outcome: deploy.outcome, writes: deploy.writeCalls.total }, "stack deployed");
  return { namespace: change.namespace, outcome: deploy.outcome, deploy, ...(deploy.error ? { error: deploy.error.message } : {}) };
}
