/**
 * The status of one certificate of the manifest as it is live, a closed list
 * documented in docs/certificates.md:
 * - `valid`: present, matching, outside its renewal window;
 * - `due`: inside its renewal window (`certificates.renewBefore`, default a third of its lifetime);
 * - `expired`: past its notAfter;
 * - `missing`: no certificate or no key file;
 * - `mismatch`: the key does not belong to the certificate, or is not of the configured type;
 * - `sans-differ`: its names are not the manifest's;
 * - `wrong-owner`, `wrong-mode`: the files' owner or mode is not the manifest's;
 * - `wrong-issuer`: it does not chain to the configured CA root;
 * - `unreadable`: its files could not be read or parsed.
 */
export const CERTIFICATE_STATUSES = ["valid", "due", "expired", "missing", "mismatch", "sans-differ", "wrong-owner", "wrong-mode", "wrong-issuer", "unreadable"] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/**
 * What a sync does about it: `issue` a new key and certificate, `fix-permissions`
 * (chown/chmod the files as they are), or `none` (valid, or nothing can be done
 * from here: the files could not be read).
 */
export type CertificateAction = "issue" | "fix-permissions" | "none";

/** One certificate as a plan, `phoenix certs` and `--json` show it. Never any key material. */
export interface CertificateState {
  readonly commonName: string;
  /** The live certificate's DNS names; the manifest's when there is no readable certificate. */
  readonly sans: readonly string[];
  readonly certPath: string | undefined;
  readonly keyPath: string | undefined;
  /** Where the files are: `host`, `lxc 101`. */
  readonly holder: string | undefined;
  /** ISO 8601, when a certificate was read. */
  readonly notAfter?: string;
  readonly issuer?: string;
  /** SHA-256 of the live leaf. */
  readonly fingerprint?: string;
  readonly status: CertificateStatus;
  readonly reason: string;
  readonly action: CertificateAction;
  /** Names the manifest adds to or removes from the live certificate (`sans-differ`). */
  readonly namesAdded?: readonly string[];
  readonly namesRemoved?: readonly string[];
  /** ISO 8601: a failed issuance is not retried before then (`phoenix certs renew` does not wait). */
  readonly retryAfter?: string;
}

export function needsAction(state: CertificateState): boolean {
  return state.action !== "none";
}
