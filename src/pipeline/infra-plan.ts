import type { DesiredState } from "../config/desired-state.js";
import type { Diagnostic } from "../errors.js";
import { renderInfraOutputs } from "../infra/render-infra-outputs.js";
import type { RenderedOutput } from "../infra/rendered-output.js";
import type { InfraDeployment } from "../infra/targets/deployment.js";
import { planDeployment, type FileChangeKind } from "../infra/targets/plan-deployment.js";
import type { InfraChange } from "../plan/plan.js";
import { planInfraChanges } from "../plan/plan-infra-changes.js";
import { loadRepoSettings } from "../settings/load-repo-settings.js";
import { REPO_SETTINGS_FILE, type RepoSettings } from "../settings/repo-settings.js";
import type { FileTree } from "../source/file-tree.js";
import { buildInfraDeployments, toInfraRenderOptions } from "./infra-deployments.js";
import { loadConfigRepo } from "./load-config-repo.js";

export interface InfraPlanOptions {
  /** Read each output's target; false touches no host and diffs against the base render only. */
  readonly readTargets: boolean;
  /** The commit to diff the outputs without a target with (a pull request's base), as loaded by `loadPlanBase`. */
  readonly base?: PlanBase;
  /** The state that places deployments (see `buildInfraDeployments`); default: the planned state. */
  readonly placementState?: DesiredState;
}

/** A plan's base commit: its own settings, and its state (undefined when the base does not load). */
export interface PlanBase {
  readonly settings: RepoSettings;
  readonly state: DesiredState | undefined;
}

export interface InfraPlan {
  readonly rendered: readonly RenderedOutput[];
  /** In render order: target diffs for outputs with a target, base-render diffs for the others. */
  readonly changes: readonly InfraChange[];
  /** The deployments whose targets were read: what a sync applies. */
  readonly deployments: readonly InfraDeployment[];
  /** Warnings about outputs left without a target; errors for targets that could not be read. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface InfraTargetPlan {
  /** Per file of every deployment, in deployment order: what its target holds against what is rendered. */
  readonly changes: readonly InfraChange[];
  /** One error per target that could not be read. */
  readonly diagnostics: readonly Diagnostic[];
}

const ACTIONS: Readonly<Record<FileChangeKind, InfraChange["action"]>> = {
  create: "create",
  update: "update",
  delete: "remove",
  unchanged: "unchanged",
};

/**
 * The infra part of a plan. An output with a target is diffed against what the
 * target holds (the file is its path there); an output with `kind: none`, or
 * every output when targets are not read, is diffed against the base commit's
 * render, as a pull request changes it (nothing without a base).
 */
export async function planInfra(state: DesiredState, settings: RepoSettings, options: InfraPlanOptions): Promise<InfraPlan> {
  const rendered = renderInfraOutputs(state, toInfraRenderOptions(settings));
  const built = options.readTargets ? buildInfraDeployments(state, rendered, settings, undefined, options.placementState ?? state) : { deployments: [], warnings: [] };
  const targeted = await planInfraTargets(built.deployments);
  const withTarget = new Set(built.deployments.map((d) => d.output));
  const rest = rendered.filter((o) => !withTarget.has(o.id));
  const fromBase = options.base && rest.length > 0 ? planInfraChanges(renderBase(options.base), rest) : [];
  const changes = rendered.flatMap((o) => (withTarget.has(o.id) ? targeted.changes : fromBase).filter((c) => c.output === o.id));
  return { rendered, changes, deployments: built.deployments, diagnostics: [...built.warnings, ...targeted.diagnostics] };
}

/**
 * Loads a plan's base once for everything that compares with it (the infra
 * render here, impact analysis in `runPlan`), as the base was: with its own
 * settings. The base may itself be broken (that is what a PR can fix).
 */
export async function loadPlanBase(tree: FileTree): Promise<PlanBase> {
  const { settings } = await loadRepoSettings(tree);
  const { state } = await loadConfigRepo(tree, { defaultEnvironment: settings.environment });
  return { settings, state };
}

/** A broken base renders nothing: then every file counts as new. */
function renderBase(base: PlanBase): RenderedOutput[] {
  return base.state ? renderInfraOutputs(base.state, toInfraRenderOptions(base.settings)) : [];
}

/**
 * Reads every deployment's target and diffs it with the rendered files; writes
 * nothing. A target that cannot be read is an error, not "unchanged": a plan
 * that cannot see a target cannot say what a sync would do to it.
 */
export async function planInfraTargets(deployments: readonly InfraDeployment[]): Promise<InfraTargetPlan> {
  const read = await Promise.all(
    deployments.map(async (deployment) => {
      try {
        const plan = await planDeployment(deployment);
        const changes = plan.files.map((f): InfraChange => ({ output: deployment.output, file: f.path, action: ACTIONS[f.change], diff: f.diff }));
        return { changes, diagnostics: [] };
      } catch (err) {
        return { changes: [], diagnostics: [unreadableTarget(deployment, err)] };
      }
    }),
  );
  return { changes: read.flatMap((r) => r.changes), diagnostics: read.flatMap((r) => r.diagnostics) };
}

function unreadableTarget(deployment: InfraDeployment, err: unknown): Diagnostic {
  return {
    severity: "error",
    code: "INFRA_TARGET_UNREADABLE",
    stage: "plan",
    file: REPO_SETTINGS_FILE,
    path: `infra.targets.${deployment.output}`,
    message: `cannot read the ${deployment.output} files on ${deployment.target.description}: ${err instanceof Error ? err.message : String(err)}`,
    hint: `check that the target is reachable, or set infra.targets.${deployment.output}.kind to none`,
  };
}
