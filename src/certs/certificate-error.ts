import { PhoenixError, type Stage } from "../errors.js";

/**
 * Why one certificate failed; the others and the rest of a sync go on.
 * Codes are stable (`CERT_RATE_LIMITED`); messages carry the CA's problem
 * document detail, never key material.
 */
export const CERTIFICATE_FAILURES = {
  "ca-unreachable": "CERT_CA_UNREACHABLE",
  "ca-refused": "CERT_CA_REFUSED",
  "rate-limited": "CERT_RATE_LIMITED",
  "challenge-failed": "CERT_CHALLENGE_FAILED",
  "fingerprint-mismatch": "CERT_CA_ROOT_FINGERPRINT_MISMATCH",
  "ca-root-unavailable": "CERT_CA_ROOT_UNAVAILABLE",
  "target-failed": "CERT_TARGET_FAILED",
  "write-failed": "CERT_WRITE_FAILED",
  "reload-failed": "CERT_RELOAD_FAILED",
  "verify-failed": "CERT_VERIFY_FAILED",
} as const;
export type CertificateFailure = keyof typeof CERTIFICATE_FAILURES;

const STAGES: Readonly<Record<CertificateFailure, Stage>> = {
  "ca-unreachable": "apply",
  "ca-refused": "apply",
  "rate-limited": "apply",
  "challenge-failed": "apply",
  "fingerprint-mismatch": "apply",
  "ca-root-unavailable": "apply",
  "target-failed": "apply",
  "write-failed": "apply",
  "reload-failed": "apply",
  "verify-failed": "verify",
};

export class CertificateError extends PhoenixError {
  readonly kind: CertificateFailure;
  /** Seconds the CA asked to wait (`Retry-After` of a rate limit). */
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: CertificateFailure, message: string, options: { hint?: string; cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(STAGES[kind], CERTIFICATE_FAILURES[kind], message, options);
    this.kind = kind;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The message of anything thrown, for a result line. */
export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
