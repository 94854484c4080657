import type { CertificateState } from "../../certs/certificate-status.js";
import type { CertificateSyncResult } from "../../certs/sync-certificates.js";

export interface CertificateFacts {
  /** False when the config does not load: nothing was checked. */
  readonly valid: boolean;
  /** Every certificate of the manifest as the check found it. */
  readonly certificates: readonly CertificateState[];
  /** What the renewal did; undefined when it did not run (renewals suspended). */
  readonly renewed?: readonly CertificateSyncResult[];
  readonly nowMs: number;
}

const DAY_MS = 86_400_000;

/** Whole days from `nowMs` to `notAfter` (negative once expired); undefined without a readable certificate. */
export function computeDaysToExpiry(notAfter: string | undefined, nowMs: number): number | undefined {
  if (notAfter === undefined) return undefined;
  const at = Date.parse(notAfter);
  return Number.isNaN(at) ? undefined : Math.floor((at - nowMs) / DAY_MS);
}

/**
 * `phoenix/certificates`: success when every certificate of the manifest is
 * valid after the renewals (or was renewed now), failure naming what failed
 * or is still not valid; then the soonest expiry, and last the first
 * failure's error.
 */
export function describeCertificates(facts: CertificateFacts): { readonly ok: boolean; readonly description: string } {
  if (!facts.valid) return { ok: false, description: "configuration invalid: certificates not checked" };
  const results = new Map((facts.renewed ?? []).map((r) => [r.commonName, r]));
  const failed: { name: string; error: string }[] = [];
  const renewed: string[] = [];
  const notValid: string[] = [];
  const expiries: { name: string; days: number }[] = [];
  for (const cert of facts.certificates) {
    const result = results.get(cert.commonName);
    const days = computeDaysToExpiry(result?.notAfter ?? cert.notAfter, facts.nowMs);
    if (days !== undefined) expiries.push({ name: cert.commonName, days });
    if (result?.outcome === "failed") failed.push({ name: cert.commonName, error: result.error ?? cert.reason });
    else if (result?.outcome === "issued" || result?.outcome === "fixed") renewed.push(cert.commonName);
    else if (cert.status !== "valid") notValid.push(`${cert.commonName} (${cert.status})`);
  }
  const parts: string[] = [];
  if (failed.length > 0) parts.push(`renewal failed: ${failed.map((f) => f.name).join(", ")}`);
  if (notValid.length > 0) parts.push(`${facts.renewed === undefined ? "not renewed (automatic renewals suspended)" : "not valid"}: ${notValid.join(", ")}`);
  if (renewed.length > 0) parts.push(`renewed: ${renewed.join(", ")}`);
  if (failed.length === 0 && notValid.length === 0) parts.push(`${facts.certificates.length} valid`);
  const soonest = [...expiries].sort((a, b) => a.days - b.days)[0];
  if (soonest !== undefined) parts.push(`next expiry in ${soonest.days} days (${soonest.name})`);
  // The error goes last: GitHub keeps 140 characters, and the names and the expiry must survive the cut.
  const first = failed[0];
  if (first !== undefined) parts.push(`${first.name}: ${first.error}`);
  return { ok: failed.length === 0 && notValid.length === 0, description: parts.join("; ") };
}
