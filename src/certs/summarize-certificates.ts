import type { CertificateState } from "./certificate-status.js";
import type { TrustInstallResult } from "./install-ca-root.js";
import type { CertificateSyncResult } from "./sync-certificates.js";

/** One certificate after a renewal pass: what `phoenix/certificates` and the expiry metric report. */
export interface CertificateStanding {
  readonly commonName: string;
  readonly holder: string | undefined;
  /** `valid` once issued or fixed; otherwise the status the plan found. */
  readonly status: CertificateState["status"];
  readonly ok: boolean;
  /** Whole days until the certificate in place expires (negative once expired); undefined when none was read. */
  readonly daysToExpiry: number | undefined;
  /** Why it is not ok: the failure, the backoff, or the plan's reason. */
  readonly reason: string | undefined;
}

export interface CertificateSummary {
  readonly ok: boolean;
  /** One line for a commit status (GitHub cuts descriptions at 140 characters). */
  readonly description: string;
  readonly certificates: readonly CertificateStanding[];
}

const DAY_MS = 86_400_000;
const DESCRIPTION_MAX = 140;

/**
 * The standing of every certificate after `renewDueCertificates` (the
 * states it planned from, the results of what it acted on, the trust
 * stores): ok when each is valid or was issued or fixed, and every trust
 * store holds the root. Pure: the caller posts it and sets its gauges.
 */
export function summarizeCertificates(states: readonly CertificateState[], results: readonly CertificateSyncResult[], trust: readonly TrustInstallResult[], now: Date): CertificateSummary {
  const byName = new Map(results.map((r) => [r.commonName, r]));
  const certificates = states.map((state): CertificateStanding => {
    const result = byName.get(state.commonName);
    const done = result?.outcome === "issued" || result?.outcome === "fixed" || (result?.outcome === "unchanged" && state.status === "valid");
    const notAfter = result?.outcome === "issued" ? result.notAfter : state.notAfter;
    const ok = result === undefined ? state.status === "valid" : done;
    const reason = ok ? undefined : (result?.error ?? state.reason);
    return {
      commonName: state.commonName,
      holder: state.holder,
      status: done ? "valid" : state.status,
      ok,
      daysToExpiry: notAfter === undefined ? undefined : Math.floor((new Date(notAfter).getTime() - now.getTime()) / DAY_MS),
      reason,
    };
  });
  const failedTrust = trust.filter((t) => t.outcome === "failed");
  const bad = certificates.filter((c) => !c.ok);
  const ok = bad.length === 0 && failedTrust.length === 0;
  return { ok, description: describe(certificates, bad, failedTrust), certificates };
}

function describe(all: readonly CertificateStanding[], bad: readonly CertificateStanding[], failedTrust: readonly TrustInstallResult[]): string {
  if (bad.length === 0 && failedTrust.length === 0) {
    const soonest = Math.min(...all.map((c) => c.daysToExpiry ?? Infinity));
    const next = Number.isFinite(soonest) ? `, the next expires in ${soonest} days` : "";
    return `${all.length} certificate${all.length === 1 ? "" : "s"} valid${next}`;
  }
  const parts = [...bad.map((c) => `${c.commonName}: ${c.status}`), ...failedTrust.map((t) => `CA root in ${t.holder}: failed`)];
  const text = `${parts.length} not valid: ${parts.join("; ")}`;
  return text.length <= DESCRIPTION_MAX ? text : `${text.slice(0, DESCRIPTION_MAX - 1)}…`;
}
