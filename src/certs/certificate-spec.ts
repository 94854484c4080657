import type { DesiredState } from "../config/desired-state.js";
import type { CertificateEntry } from "../config/schemas/certificate-manifest.js";
import type { Diagnostic } from "../errors.js";
import type { CertificateSettings, KeyAlgorithm } from "../settings/certificate-settings.js";

export const CERTIFICATE_MANIFEST_FILE = "etc/certificate-manifest.json";

/** Which machine holds a certificate's files: the host of the manifest paths, or the guest the newer layout pushes to. */
export type CertificateHolder = { readonly kind: "host" } | { readonly kind: "lxc"; readonly ctid: string } | { readonly kind: "vm"; readonly vmid: string };

/** What one manifest entry asks for: the desired side of a certificate's plan. */
export interface CertificateSpec {
  /** Position in the manifest, for messages (`[0].sans`). */
  readonly index: number;
  readonly commonName: string;
  /** Every DNS name of the certificate, lower-case, the common name first: what the CA is asked for. */
  readonly names: readonly string[];
  readonly keyAlgorithm: KeyAlgorithm;
  /**
   * Where the files are and what runs after a renewal. For an untrusted
   * tree these come from the trusted ref's entry of the same common name;
   * undefined when the trusted ref has none (nothing is read or written).
   */
  readonly placement: CertificatePlacement | undefined;
}

export interface CertificatePlacement {
  readonly holder: CertificateHolder;
  readonly certPath: string;
  readonly keyPath: string;
  /** `user` or `user:group`, as declared; undefined leaves ownership alone. */
  readonly owner: string | undefined;
  /** Declared mode of both files; undefined: new keys get 600 and certificates 644, existing modes are not checked. */
  readonly mode: number | undefined;
  readonly postRenewalCommand: string | undefined;
}

/** Mode of a new private key and certificate when the manifest declares none. */
export const DEFAULT_KEY_MODE = 0o600;
export const DEFAULT_CERT_MODE = 0o644;

/**
 * The desired certificates of a manifest, in manifest order. `placementState`
 * is the state whose paths, owners, guests and commands are used: the
 * trusted ref's for a pull request (docs/security.md), else the state itself.
 */
export function listCertificateSpecs(state: DesiredState, settings: CertificateSettings, placementState: DesiredState = state): CertificateSpec[] {
  const trusted = new Map(placementState.certificates.map((e) => [normalizeName(e.common_name), e]));
  return state.certificates.map((entry, index) => {
    const commonName = normalizeName(entry.common_name);
    const placed = placementState === state ? entry : trusted.get(commonName);
    return {
      index,
      commonName,
      names: listNames(entry),
      keyAlgorithm: settings.keyAlgorithm,
      placement: placed === undefined ? undefined : toPlacement(placed, placementState),
    };
  });
}

/**
 * Combinations of the manifest and the settings that cannot be issued:
 * wildcards without DNS-01, and two entries of one common name (they would
 * share one certificate's files and renewal state).
 */
export function checkCertificateManifest(state: DesiredState, settings: CertificateSettings | undefined): Diagnostic[] {
  if (settings === undefined) return [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, number>();
  state.certificates.forEach((entry, index) => {
    const at = (path: string, message: string, hint: string): Diagnostic => ({ severity: "error", code: "CERT_MANIFEST_INVALID", stage: "load", file: CERTIFICATE_MANIFEST_FILE, path: `[${index}].${path}`, message, hint });
    const name = normalizeName(entry.common_name);
    const first = seen.get(name);
    if (first !== undefined) diagnostics.push(at("common_name", `${JSON.stringify(name)} is also the common name of entry [${first}]`, "merge the two entries: one certificate per common name"));
    else seen.set(name, index);
    const wildcard = listNames(entry).find((n) => n.startsWith("*."));
    if (wildcard !== undefined && settings.challenge !== "dns-01")
      diagnostics.push(at(entry.common_name.startsWith("*.") ? "common_name" : "sans", `${wildcard} is a wildcard: a CA checks wildcards with DNS-01 only`, "set certificates.challenge: dns-01 in .github/phoenix.yml, or list the names"));
  });
  return diagnostics;
}

function listNames(entry: CertificateEntry): string[] {
  return [...new Set([entry.common_name, ...(entry.sans ?? [])].map(normalizeName))];
}

function toPlacement(entry: CertificateEntry, state: DesiredState): CertificatePlacement {
  return {
    holder: toHolder(entry, state),
    certPath: entry.cert_path,
    keyPath: entry.key_path,
    owner: entry.owner,
    mode: entry.permissions === undefined ? undefined : parseInt(entry.permissions, 8),
    postRenewalCommand: entry.post_renewal_command === "" ? undefined : entry.post_renewal_command,
  };
}

/** `guest_type` when given, else the kind of the guest with that id (LXC when the config has none). */
function toHolder(entry: CertificateEntry, state: DesiredState): CertificateHolder {
  if (entry.guest_id === undefined) return { kind: "host" };
  const id = String(entry.guest_id);
  const kind = entry.guest_type ?? state.guests.find((g) => g.id === id)?.kind ?? "lxc";
  return kind === "vm" ? { kind: "vm", vmid: id } : { kind: "lxc", ctid: id };
}

export function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}

/** `host`, `lxc 101`, `vm 1001`: where the files are, as plans print it. */
export function describeHolder(holder: CertificateHolder): string {
  return holder.kind === "host" ? "host" : holder.kind === "lxc" ? `lxc ${holder.ctid}` : `vm ${holder.vmid}`;
}
