import type { DesiredState } from "../config/desired-state.js";
import type { Diagnostic } from "../errors.js";
import { hasErrors } from "../diagnostics.js";
import type { FileTree } from "../source/file-tree.js";
import type { CertificateState } from "../certs/certificate-status.js";
import { loadRepoSettings } from "../settings/load-repo-settings.js";
import type { RepoSettings } from "../settings/repo-settings.js";
import { checkOperatorPolicy, OPEN_POLICY, type OperatorPolicy } from "../trust/operator-policy.js";
import { applyCertificateStage, checkCertificateConfig, planCertificateStage, type CertificateStageOptions, type CertificateStagePlan, type CertificateStageResult } from "./certificate-stage.js";
import { loadConfigRepo } from "./load-config-repo.js";

export interface CertificateRunInput extends Omit<CertificateStageOptions, "placementState" | "readTargets"> {
  /** A trusted tree (the operator's working directory or the default branch): certificates are never renewed from a pull request. */
  readonly tree: FileTree;
  readonly policy?: OperatorPolicy;
}

export interface CertificateRun {
  readonly diagnostics: readonly Diagnostic[];
  readonly settings: RepoSettings | undefined;
  readonly state: DesiredState | undefined;
  /** Undefined when the config does not load or manages no certificate (`managed` says which). */
  readonly stage: CertificateStagePlan | undefined;
  readonly managed: boolean;
  /** Every certificate of the manifest as it is live. */
  readonly certificates: readonly CertificateState[];
}

export interface CertificateRenewalRun extends CertificateRun {
  readonly result: CertificateStageResult | undefined;
  /** True when every certificate that had to change did, and every trust store holds the root. */
  readonly ok: boolean;
}

/** source → load → plan for the certificates alone (`phoenix certs`): reads the targets, writes nothing. */
export async function runCertificates(input: CertificateRunInput): Promise<CertificateRun> {
  const { settings, diagnostics } = await loadRepoSettings(input.tree);
  const load = await loadConfigRepo(input.tree, { defaultEnvironment: settings.environment });
  const all: Diagnostic[] = [...load.diagnostics, ...diagnostics];
  if (load.state !== undefined) {
    all.push(...(await checkCertificateConfig(input.tree, load.state, settings)));
    all.push(...checkOperatorPolicy(settings, input.policy ?? OPEN_POLICY, load.state));
  }
  const state = load.state;
  const managed = settings.certificates !== undefined;
  if (state === undefined || hasErrors(all) || !managed) return { diagnostics: all, settings, state, stage: undefined, managed, certificates: [] };
  const stage = await planCertificateStage(state, settings, input);
  if (stage !== undefined) all.push(...stage.diagnostics);
  return { diagnostics: all, settings, state, stage, managed, certificates: stage?.planned.map((p) => p.state) ?? [] };
}

/**
 * Renews what is due (and fixes what is wrong) without a commit: the entry
 * point of `phoenix certs renew` and of `phoenix serve`'s reconcile loop,
 * which reports the results on `phoenix/certificates`. `force` reissues the
 * named certificates now, ignoring their status and any backoff.
 */
export async function renewDueCertificates(input: CertificateRunInput & { force?: readonly string[]; only?: readonly string[]; installTrust?: boolean }): Promise<CertificateRenewalRun> {
  const run = await runCertificates(input);
  if (run.stage === undefined || run.state === undefined || run.settings === undefined) return { ...run, result: undefined, ok: !hasErrors(run.diagnostics) };
  const { force: _force, only: _only, ...options } = input;
  const result = await applyCertificateStage(run.stage, run.state, run.settings, {
    ...options,
    allowRepoCommands: (input.policy ?? OPEN_POLICY).allowRepoCommands,
    ...(input.force === undefined ? {} : { force: new Set(input.force) }),
    ...(input.only === undefined ? {} : { only: new Set(input.only) }),
  });
  const ok = result.certificates.every((r) => r.outcome !== "failed") && result.trust.every((t) => t.outcome !== "failed");
  return { ...run, result, ok };
}
