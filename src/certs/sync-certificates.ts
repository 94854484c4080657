import type { Client } from "acme-client";
import type { Logger } from "../logger.js";
import type { Target } from "../infra/targets/target.js";
import type { CertificateSettings } from "../settings/certificate-settings.js";
import { openAcmeAccount } from "./acme/acme-account.js";
import { withAcmeTransport } from "./acme/acme-transport.js";
import type { ChallengeSolver } from "./acme/challenge-solver.js";
import { orderCertificate, type IssuedPair } from "./acme/order-certificate.js";
import type { CaRoot } from "./ca-root.js";
import { CertificateError, describeError } from "./certificate-error.js";
import { describeHolder, type CertificatePlacement } from "./certificate-spec.js";
import type { CertificateStatus } from "./certificate-status.js";
import type { CertificateTargets } from "./certificate-targets.js";
import { describeCertificate, parseCertificateChain } from "./inspect-certificate.js";
import { fixCertificatePermissions, installCertificatePair, type PreviousPair } from "./install-certificate-pair.js";
import type { BackoffStore } from "./issuance-backoff.js";
import type { PlannedCertificate } from "./plan-certificates.js";
import { verifyServedCertificate } from "./verify-served-certificate.js";

export interface CertificateSyncContext {
  readonly settings: CertificateSettings;
  readonly targets: CertificateTargets;
  /** How the CA's challenges are answered, or why they cannot be (no DNS target for DNS-01). */
  readonly solver: ChallengeSolver | { readonly unavailable: string };
  /** The directory's TLS trust (PEM), read from `directoryTrust`. */
  readonly directoryTrust: string | undefined;
  readonly caRoot: CaRoot | undefined;
  readonly backoff: BackoffStore;
  readonly now: () => Date;
  /** Where common names are resolved for the served-certificate check. */
  readonly nameserver: { readonly host: string; readonly port: number } | undefined;
  /** Whether `post_renewal_command`s may run (the operator policy; the plan already refused them otherwise). */
  readonly allowRepoCommands: boolean;
  readonly log: Logger;
}

/**
 * - `issued`: a new pair is installed, reloaded and served;
 * - `fixed`: the files' owner or mode were put right;
 * - `unchanged`: valid, nothing to do;
 * - `skipped`: due but backing off after a failure, or not placed yet;
 * - `failed`: see `error`; `installed` says whether the new pair was written (then the reload or the check failed).
 */
export type CertificateOutcome = "issued" | "fixed" | "unchanged" | "skipped" | "failed";

export interface CertificateSyncResult {
  readonly commonName: string;
  readonly holder: string | undefined;
  /** The status the plan found. */
  readonly status: CertificateStatus;
  readonly outcome: CertificateOutcome;
  readonly installed: boolean;
  readonly error?: string;
  readonly code?: string;
  /** Of the installed certificate. */
  readonly notAfter?: string;
  readonly fingerprint?: string;
  /** Where the replaced pair is kept. */
  readonly previous?: PreviousPair;
  readonly retryAfter?: string;
}

/**
 * Applies certificate plans one at a time: issue (ACME) what is due,
 * missing or wrong, install it, run its renewal command on the machine that
 * holds it, check the service serves it; fix permissions without a new key.
 * `force` names certificates to reissue whatever their status and backoff
 * (`phoenix certs renew NAME`). One certificate's failure never stops the
 * others; a failed issuance backs that certificate off.
 */
export async function syncCertificates(planned: readonly PlannedCertificate[], ctx: CertificateSyncContext, options: { force?: ReadonlySet<string> } = {}): Promise<CertificateSyncResult[]> {
  let account: Promise<Client> | undefined;
  const openAccount = () =>
    (account ??= openAcmeAccount({ directoryUrl: ctx.settings.directoryUrl, directoryTrust: ctx.directoryTrust, accountKeyFile: ctx.settings.accountKey, email: ctx.settings.email }));
  const results: CertificateSyncResult[] = [];
  for (const item of planned) {
    const result = await syncOne(item, ctx, options.force?.has(item.spec.commonName) ?? false, openAccount);
    ctx.log.info({ certificate: result.commonName, holder: result.holder, status: result.status, outcome: result.outcome, code: result.code }, "certificate synced");
    results.push(result);
  }
  return results;
}

async function syncOne(item: PlannedCertificate, ctx: CertificateSyncContext, forced: boolean, openAccount: () => Promise<Client>): Promise<CertificateSyncResult> {
  const { spec, state } = item;
  const base = { commonName: spec.commonName, holder: state.holder, status: state.status, installed: false };
  const placement = spec.placement;
  const action = forced ? "issue" : state.action;
  if (action === "none" || placement === undefined) return { ...base, outcome: action === "none" && state.status === "valid" ? "unchanged" : "skipped" };
  const target = ctx.targets.forHolder(placement.holder);
  if ("unreachable" in target) return { ...base, outcome: "failed", code: "CERT_TARGET_FAILED", error: target.unreachable };
  if (action === "fix-permissions") {
    try {
      await fixCertificatePermissions(target, placement);
      return { ...base, outcome: "fixed" };
    } catch (err) {
      return failed(base, err, false);
    }
  }
  const backoff = forced ? undefined : await ctx.backoff.get(spec.commonName);
  if (backoff !== undefined && new Date(backoff.retryAfter) > ctx.now())
    return { ...base, outcome: "skipped", retryAfter: backoff.retryAfter, error: `backing off after ${backoff.failures} failed issuance${backoff.failures === 1 ? "" : "s"} (last: ${backoff.reason})` };

  let pair: IssuedPair;
  let issued: { notAfter: string; fingerprint: string };
  try {
    const solver = ctx.solver;
    if ("unavailable" in solver) throw new CertificateError("challenge-failed", solver.unavailable);
    pair = await withAcmeTransport(ctx.directoryTrust, async () => orderCertificate({ client: await openAccount(), names: spec.names, keyAlgorithm: spec.keyAlgorithm, solver, log: ctx.log }));
    issued = describeIssued(pair.chainPem);
  } catch (err) {
    const retryAfterSeconds = err instanceof CertificateError ? err.retryAfterSeconds : undefined;
    const entry = await ctx.backoff.recordFailure(spec.commonName, describeError(err), ctx.now(), retryAfterSeconds);
    return { ...failed(base, err, false), retryAfter: entry.retryAfter };
  }
  let previous: PreviousPair | undefined;
  try {
    previous = await installCertificatePair(target, placement, pair, ctx.log);
  } catch (err) {
    return failed(base, err, false);
  }
  await ctx.backoff.clear(spec.commonName);
  const installed = { ...base, installed: true, ...issued, ...(previous ? { previous } : {}) };
  try {
    await runRenewalCommand(target, placement, ctx);
    if (ctx.settings.verifyPort !== 0)
      await verifyServedCertificate({ name: spec.commonName, port: ctx.settings.verifyPort, nameserver: ctx.nameserver, fingerprint: issued.fingerprint, caRootPem: ctx.caRoot?.pem });
  } catch (err) {
    return failed(installed, err, true);
  }
  return { ...installed, outcome: "issued" };
}

/** The renewal command runs where the files are: the host for host paths (`pct exec 101 -- systemctl reload nginx`), else the guest. */
async function runRenewalCommand(target: Target, placement: CertificatePlacement, ctx: CertificateSyncContext): Promise<void> {
  const command = placement.postRenewalCommand;
  if (command === undefined) return;
  if (!ctx.allowRepoCommands) {
    ctx.log.warn({ holder: describeHolder(placement.holder) }, "certificate renewal command not run: the operator policy refuses repo commands");
    return;
  }
  const r = await target.run(["sh", "-c", command]);
  if (r.exitCode !== 0)
    throw new CertificateError("reload-failed", `post_renewal_command exited ${r.exitCode} on ${target.description}: ${(r.stderr || r.stdout).trim().slice(-500)}`, {
      hint: "the new pair is installed; the previous one is kept beside it as .previous",
    });
}

function describeIssued(chainPem: string): { notAfter: string; fingerprint: string } {
  const parsed = parseCertificateChain(chainPem);
  if ("problem" in parsed) throw new CertificateError("ca-refused", `the CA sent a certificate that ${parsed.problem}`);
  const facts = describeCertificate(parsed.chain);
  return { notAfter: facts.notAfter.toISOString(), fingerprint: facts.fingerprint };
}

function failed<T extends { installed: boolean }>(base: T, err: unknown, installed: boolean): T & { outcome: "failed"; error: string; code: string } {
  const code = err instanceof CertificateError ? err.code : "CERT_FAILED";
  return { ...base, installed, outcome: "failed", error: describeError(err), code };
}
