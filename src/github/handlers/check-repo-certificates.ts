import { hasErrors } from "../../diagnostics.js";
import type { BackoffStore } from "../../certs/issuance-backoff.js";
import type { Logger } from "../../logger.js";
import { renewDueCertificates, runCertificates, type CertificateRun } from "../../pipeline/run-certificates.js";
import type { CertificateSyncResult } from "../../certs/sync-certificates.js";
import { computeDaysToExpiry, describeCertificates } from "../../report/github/describe-certificates.js";
import type { AppRuntime } from "../runtime/app-options.js";
import { setCommitStatus } from "../api/commit-status.js";
import { CERTIFICATES_CONTEXT } from "../api/status-contexts.js";
import { openRepoSource } from "../api/open-repo-source.js";
import { formatRepoKey, type GitHubClient, type RepoRef } from "../api/repo-ref.js";

export interface CertificateCheckOptions {
  /** False checks only (automatic changes are suspended: `reconcile.intervalSeconds: 0`). */
  readonly renew: boolean;
  /** The repository's failed issuances, so a failing CA is not asked again every pass. */
  readonly backoff: BackoffStore;
}

export interface CertificateCheck {
  readonly commit: string;
  /** Undefined when the repository manages no certificate: then nothing was read and no status set. */
  readonly ok: boolean | undefined;
}

/**
 * The reconcile loop's certificate pass over a repository whose settings
 * manage certificates: reads every certificate of the default branch's
 * manifest where it lives, renews what is due (or missing, or wrong), and
 * says so with `phoenix/certificates` on the head, apart from
 * `phoenix/sync` and `phoenix/health`. Days to expiry go to
 * `phoenix_certificate_expiry_days`. Only the default branch decides: never
 * a pull request.
 */
export async function checkRepoCertificates(octokit: GitHubClient, ref: RepoRef, runtime: AppRuntime, logger: Logger, options: CertificateCheckOptions): Promise<CertificateCheck> {
  const source = await openRepoSource(octokit, ref, { cacheDir: runtime.cacheDir, logger });
  const { commit } = await source.fetchRef(`refs/heads/${ref.defaultBranch}`);
  const tree = source.openTree(commit);
  const input = { tree, logger, policy: runtime.policy, backoff: options.backoff, now: () => new Date(runtime.now()) };
  let run: CertificateRun;
  let renewed: readonly CertificateSyncResult[] | undefined;
  if (options.renew) {
    const renewal = await renewDueCertificates(input);
    run = renewal;
    renewed = renewal.result?.certificates ?? [];
  } else {
    run = await runCertificates(input);
  }
  if (!run.managed) return { commit, ok: undefined };
  const valid = run.stage !== undefined && !hasErrors(run.diagnostics);
  const nowMs = runtime.now();
  const { ok, description } = describeCertificates({ valid, certificates: run.certificates, ...(renewed ? { renewed } : {}), nowMs });
  const repo = formatRepoKey(ref);
  for (const cert of run.certificates) {
    const days = computeDaysToExpiry(renewed?.find((r) => r.commonName === cert.commonName)?.notAfter ?? cert.notAfter, nowMs);
    if (days !== undefined) runtime.metrics.certificateExpiryDays.set({ repo, certificate: cert.commonName }, days);
  }
  await setCommitStatus(octokit, { owner: ref.owner, repo: ref.repo, sha: commit, context: CERTIFICATES_CONTEXT }, { state: ok ? "success" : "failure", description });
  logger.info({ commit, ok, certificates: run.certificates.length, renewed: renewed?.filter((r) => r.outcome === "issued" || r.outcome === "fixed").length ?? 0 }, "certificates checked");
  return { commit, ok };
}
