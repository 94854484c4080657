import type { DesiredState } from "../config/desired-state.js";
import type { Diagnostic } from "../errors.js";
import { hasErrors } from "../diagnostics.js";
import type { Logger } from "../logger.js";
import type { FileTree } from "../source/file-tree.js";
import type { SwarmPort } from "../swarm/swarm-port.js";
import type { RepoSettings } from "../settings/repo-settings.js";
import { createSecretNameMatcher } from "../settings/secret-patterns.js";
import { collectSecretValues } from "./collect-secret-values.js";
import { createSecretMasker, type SecretMasker } from "../secrets/secret-masker.js";
import { readProcessSecretValues, registerProcessSecrets } from "../secrets/process-secrets.js";
import type { InfraDeployment } from "../infra/targets/deployment.js";
import { PLAN_SCHEMA_VERSION, type Plan, type PlanImpact } from "../plan/plan.js";
import { analyzeImpact } from "../impact/analyze-impact.js";
import { listTreeChanges } from "../source/list-tree-changes.js";
import { planStackChanges } from "../plan/plan-stack-changes.js";
import { loadPlanBase, planInfra, type PlanBase } from "./infra-plan.js";
import type { DesiredStack } from "./desired-stack.js";
import { emptyStackObjects, selectOrphans } from "../plan/select-orphans.js";
import { markInfraDrift, markStackDrift } from "../plan/mark-drift.js";
import { describeSourceCommit, stampCommit, stampPhoenixLabels } from "./stamp-phoenix-labels.js";
import { planSwarmTopology, type NodeLabelTargets } from "./plan-swarm-topology.js";
import { orderPlanSteps } from "./order-plan-steps.js";
import { checkReadiness } from "../infra/readiness/check-readiness.js";
import { listReadinessChecks } from "../settings/readiness-checks.js";
import type { OperatorPolicy } from "../trust/operator-policy.js";
import type { TrustedSource } from "./plan-trust-boundary.js";
import { checkConfig } from "./check-config.js";
import { orderCertificateSteps, planCertificateStage, type CertificateStageOptions, type CertificateStagePlan } from "./certificate-stage.js";
import type { PlanReadCache } from "./plan-read-cache.js";

export interface PlanInput {
  readonly tree: FileTree;
  /** The commit being planned, recorded on the services it changes. */
  readonly commit?: string;
  /** The tree is a working directory with uncommitted changes to `commit`: recorded as `<commit>-dirty`. */
  readonly dirty?: boolean;
  /** The base to compare generated infra files with (a pull request's base commit). */
  readonly baseTree?: FileTree;
  readonly base?: string;
  readonly port: SwarmPort;
  readonly logger: Logger;
  /**
   * Diff each infra output against what its target holds (default true).
   * False touches no host (pull requests from forks): outputs are diffed with
   * the base render only, and a sync of such a plan applies no infra.
   */
  readonly readInfraTargets?: boolean;
  /**
   * The planned tree is untrusted (a pull request's head): everything that
   * executes or connects comes from this trusted ref instead, and the plan
   * lists what the tree would change of it (docs/security.md).
   */
  readonly trusted?: TrustedSource;
  /** What the operator allows any repo (default: everything). */
  readonly policy?: OperatorPolicy;
  /** The certificates stage's clock, backoff memory and transports (tests swap them). */
  readonly certificates?: Pick<CertificateStageOptions, "now" | "backoff" | "transports">;
  /**
   * Keeps the reads that depend only on the trusted ref (readiness probes,
   * live certificates) for a short while: with `trusted`, so a pull
   * request's plans do not repeat them for every delivery.
   */
  readonly reads?: PlanReadCache;
}

export interface PlanRun {
  /** Undefined when the config is invalid or an infra target cannot be read (the errors are in `diagnostics`). */
  readonly plan: Plan | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly state: DesiredState | undefined;
  readonly settings: RepoSettings | undefined;
  /** The stacks to deploy, with Phoenix's labels and the commit stamped: what apply sends. */
  readonly desired: readonly DesiredStack[];
  /** The infra outputs whose targets this plan read, in render order: what a sync applies. */
  readonly infraDeployments?: readonly InfraDeployment[];
  /** The certificates this plan read, when the repo manages them: what a sync issues. */
  readonly certificateStage?: CertificateStagePlan;
  /** The secret values of the run and Phoenix's own credentials: what reports mask by value. `diagnostics` are masked already. */
  readonly masker: SecretMasker;
  /** The labels each node should carry: what a sync applies to the nodes the plan changes. */
  readonly nodeLabels?: NodeLabelTargets;
  /** Why a sync must not deploy the stacks (or the certificates) yet: a readiness check failed. */
  readonly hold?: { readonly stacks?: string; readonly certificates?: string };
}

/** source → load → plan. Reads the live swarm and the infra targets; writes nothing. */
export async function runPlan(input: PlanInput): Promise<PlanRun> {
  const masker = createSecretMasker(readProcessSecretValues(process.env));
  const run = await planTree(input, masker);
  // Log lines from here on (the sync's deploys and infra applies) hide the same values.
  registerProcessSecrets(masker.values());
  return { ...run, diagnostics: masker.maskDiagnostics(run.diagnostics), masker };
}

async function planTree(input: PlanInput, masker: SecretMasker): Promise<Omit<PlanRun, "masker">> {
  const checked = await checkConfig(input.tree, { ...(input.trusted ? { trusted: input.trusted } : {}), ...(input.policy ? { policy: input.policy } : {}), masker });
  const { settings, boundary } = checked;
  const diagnostics: Diagnostic[] = [...checked.diagnostics];
  const isSensitiveEnv = createSecretNameMatcher(settings.secrets.variablePatterns);
  if (!checked.state || hasErrors(diagnostics)) return { plan: undefined, diagnostics, state: checked.state, settings, desired: [] };
  const state = checked.state;
  const built = { stacks: checked.stacks };

  // Four list calls for the whole swarm, not four per stack: the plan of a 200-stack repo reads it in one go.
  const live = await input.port.listAllStackObjects();
  // Live secret environment entries hold the previous values of rotated passwords, which a command or label may still show.
  const liveServices = [...live.values()].flatMap((objects) => objects.services.flatMap((s) => [s.Spec, s.PreviousSpec]));
  masker.add(collectSecretValues({ isSecretName: isSensitiveEnv, services: liveServices }));
  const orphans = selectOrphans(live, new Set(built.stacks.map((d) => d.namespace)), settings.instance);

  const keptOrphans = settings.prune ? [] : orphans.map((o) => o.namespace);
  const topology = await planSwarmTopology({ state, settings, stacks: built.stacks, keptOrphans, port: input.port });
  diagnostics.push(...topology.diagnostics);
  if (hasErrors(diagnostics)) return { plan: undefined, diagnostics, state, settings, desired: [] };
  const labelled = topology.stacks.map((d) => stampPhoenixLabels(d, live.get(d.namespace) ?? emptyStackObjects(), settings.instance));
  const stacks = planStackChanges(
    labelled.map((d) => ({ stack: d.stack, namespace: d.namespace, spec: d.spec, live: live.get(d.namespace) ?? emptyStackObjects() })),
    orphans,
    { prune: settings.prune, isSensitiveEnv, ...(input.port.apiVersion ? { apiVersion: input.port.apiVersion } : {}) },
  );
  const desired = labelled.map((d) => stampCommit(d, stacks.find((s) => s.namespace === d.namespace)?.objects ?? [], describeSourceCommit(input.commit, input.dirty)));

  const base = input.baseTree ? await loadPlanBase(input.baseTree) : undefined;
  // Without a loadable trusted state there is nothing trusted to place deployments by: read no target.
  const readTargets = (input.readInfraTargets ?? true) && (boundary === undefined || boundary.placementState !== undefined);
  const placement = boundary?.placementState ? { placementState: boundary.placementState } : {};
  const infraPlan = await planInfra(state, settings, { readTargets, ...(base ? { base } : {}), ...placement });
  diagnostics.push(...infraPlan.diagnostics);
  const certificateStage = await rememberTrusted(input, `certificates ${JSON.stringify([readTargets, settings.certificates, state.certificates])}`, () =>
    planCertificateStage(state, settings, { logger: input.logger, ...input.certificates, readTargets, ...placement }),
  );
  diagnostics.push(...(certificateStage?.diagnostics ?? []));
  // Addresses come from the trusted ref where there is one; a plan that reads no target connects to nothing.
  const checks = listReadinessChecks(settings);
  const ready = readTargets ? await rememberTrusted(input, `readiness ${JSON.stringify(checks)}`, () => checkReadiness(boundary?.placementState ?? state, checks)) : { findings: [] };
  diagnostics.push(...ready.findings);
  const holdStacks = topology.holdStacks ?? ready.holdStacks;
  const hold = { ...(holdStacks ? { stacks: holdStacks } : {}), ...(ready.holdCertificates ? { certificates: ready.holdCertificates } : {}) };
  if (hasErrors(diagnostics)) return { plan: undefined, diagnostics, state, settings, desired: [] };
  const impact = input.baseTree && base ? await analyzeBaseImpact(input.baseTree, input.tree, base, state) : undefined;
  const infra = impact ? markInfraDrift(infraPlan.changes, impact) : infraPlan.changes;
  const planned = impact ? markStackDrift(stacks, impact) : stacks;
  const warnings = [...diagnostics.filter((d) => d.severity === "warning"), ...infraPlan.rendered.flatMap((r) => r.warnings)];
  input.logger.debug({ stacks: stacks.length, infra: infra.length }, "plan computed");

  const plan: Plan = {
    schemaVersion: PLAN_SCHEMA_VERSION,
    source: {
      description: input.tree.description,
      ...(input.commit ? { commit: input.commit } : {}),
      ...(input.commit && input.dirty ? { dirty: true } : {}),
      ...(input.base ? { base: input.base } : {}),
    },
    environment: settings.environment,
    stacks: planned,
    infra,
    ...(certificateStage ? { certificates: certificateStage.planned.map((p) => p.state) } : {}),
    steps: orderPlanSteps({ state, desired, stacks: planned, infra, nodes: topology.nodes, joins: topology.joins, certificates: orderCertificateSteps(certificateStage) }),
    warnings,
    ...(impact ? { impact } : {}),
    topology: topology.topology,
    nodes: topology.nodes,
    ...(settings.swarm.join.enabled ? { joins: topology.joins } : {}),
    ...(boundary ? { trust: boundary.trust } : {}),
  };
  return {
    plan,
    diagnostics,
    state,
    settings,
    desired,
    infraDeployments: infraPlan.deployments,
    ...(certificateStage ? { certificateStage } : {}),
    nodeLabels: topology.labels,
    hold,
  };
}

/** `read()` through the plan's read cache when the tree is untrusted (the key gets the trusted commit); else `read()`. */
function rememberTrusted<T>(input: PlanInput, key: string, read: () => Promise<T>): Promise<T> {
  const commit = input.trusted?.commit;
  if (input.reads === undefined || commit === undefined) return read();
  return input.reads.remember(`${commit} ${key}`, read);
}

/**
 * What the change from the base touches. A base that does not load (an
 * invalid commit) counts as no earlier state, so every unit is affected.
 */
async function analyzeBaseImpact(baseTree: FileTree, tree: FileTree, base: PlanBase, state: DesiredState): Promise<PlanImpact> {
  const changedPaths = await listTreeChanges(baseTree, tree);
  return { changedPaths, ...analyzeImpact({ changedPaths, before: base.state, after: state }) };
}
