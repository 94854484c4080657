import type { X509Certificate } from "node:crypto";
import type { CertificateSpec } from "./certificate-spec.js";
import { describeHolder } from "./certificate-spec.js";
import type { CertificateState, CertificateStatus } from "./certificate-status.js";
import { chainLeadsTo, describeCertificate, inspectPrivateKey, keyMatchesCertificate, parseCertificateChain, type CertificateFacts } from "./inspect-certificate.js";

/** A file as read from its target, with its owner and mode; a key's content never leaves the planner. */
export type LiveFile = { readonly type: "missing" } | { readonly type: "symlink" } | { readonly type: "file"; readonly content: string; readonly owner: string; readonly mode: number };

/** What a certificate's target holds, or why it could not be read. */
export type LiveCertificate = { readonly readable: false; readonly problem: string } | { readonly readable: true; readonly cert: LiveFile; readonly key: LiveFile };

export interface StatusContext {
  readonly now: Date;
  /** `certificates.renewBefore` in ms; undefined: a third of the certificate's lifetime. */
  readonly renewBeforeMs: number | undefined;
  /** The configured CA root: a certificate that does not chain to it is `wrong-issuer`. */
  readonly caRoot: X509Certificate | undefined;
  /** ISO 8601 until which a failed issuance is not retried. */
  readonly retryAfter?: string;
}

const DAY_MS = 86_400_000;

/**
 * desired × live → status, reason and action; pure. The first problem in
 * this order wins: unreadable, missing, mismatch, sans-differ, wrong-issuer,
 * expired, due, then the files' owner and mode (fixed without reissuing).
 */
export function planCertificateStatus(spec: CertificateSpec, live: LiveCertificate | undefined, context: StatusContext): CertificateState {
  const placement = spec.placement;
  const base = {
    commonName: spec.commonName,
    sans: spec.names,
    certPath: placement?.certPath,
    keyPath: placement?.keyPath,
    holder: placement === undefined ? undefined : describeHolder(placement.holder),
    ...(context.retryAfter === undefined ? {} : { retryAfter: context.retryAfter }),
  };
  const result = (status: CertificateStatus, reason: string, action: CertificateState["action"], extra: Partial<CertificateState> = {}): CertificateState => ({
    ...base,
    ...extra,
    status,
    reason,
    action,
  });
  if (placement === undefined) return result("missing", "new in this change: the trusted ref has no such certificate, so nothing is read before the merge", "none");
  if (live === undefined || !live.readable) return result("unreadable", live?.problem ?? "its target was not read", "none");
  const { cert, key } = live;
  if (cert.type === "missing") return result("missing", `no certificate at ${placement.certPath}`, "issue");
  if (cert.type === "symlink") return result("unreadable", `${placement.certPath} is a symlink: Phoenix writes the certificate as a file`, "issue");
  const parsed = parseCertificateChain(cert.content);
  if ("problem" in parsed) return result("unreadable", `${placement.certPath} ${parsed.problem}`, "issue");
  const facts = describeCertificate(parsed.chain);
  const seen = { sans: facts.names, notAfter: facts.notAfter.toISOString(), issuer: facts.issuer, fingerprint: facts.fingerprint };
  if (key.type === "missing") return result("missing", `no private key at ${placement.keyPath}`, "issue", seen);
  if (key.type === "symlink") return result("unreadable", `${placement.keyPath} is a symlink: Phoenix writes the key as a file`, "issue", seen);
  const privateKey = inspectPrivateKey(key.content);
  if ("problem" in privateKey) return result("unreadable", `${placement.keyPath} ${privateKey.problem}`, "issue", seen);
  if (!keyMatchesCertificate(parsed.chain[0] as X509Certificate, privateKey.key)) return result("mismatch", `the key at ${placement.keyPath} does not belong to the certificate`, "issue", seen);
  if (privateKey.type !== spec.keyAlgorithm) return result("mismatch", `the key is ${privateKey.type}, certificates.keyAlgorithm asks for ${spec.keyAlgorithm}`, "issue", seen);

  const wanted = new Set(spec.names);
  const have = new Set(facts.names);
  const added = spec.names.filter((n) => !have.has(n));
  const removed = facts.names.filter((n) => !wanted.has(n));
  if (added.length > 0 || removed.length > 0) {
    const parts = [...(added.length > 0 ? [`adds ${added.join(", ")}`] : []), ...(removed.length > 0 ? [`removes ${removed.join(", ")}`] : [])];
    return result("sans-differ", `the manifest ${parts.join(" and ")}`, "issue", { ...seen, namesAdded: added, namesRemoved: removed });
  }
  if (context.caRoot !== undefined && !chainLeadsTo(parsed.chain, context.caRoot))
    return result("wrong-issuer", `issued by ${facts.issuer}, which does not chain to the configured CA root (${oneLine(context.caRoot.subject)})`, "issue", seen);

  const timing = describeTiming(facts, context);
  if (timing.status !== "valid") return result(timing.status, timing.reason, "issue", seen);
  const files = checkFiles(spec, cert, key);
  if (files !== undefined) return result(files.status, files.reason, "fix-permissions", seen);
  return result("valid", timing.reason, "none", seen);
}

/** When the certificate expires and when it is renewed. */
export function renewalTime(facts: Pick<CertificateFacts, "notBefore" | "notAfter">, renewBeforeMs: number | undefined): Date {
  const lifetime = facts.notAfter.getTime() - facts.notBefore.getTime();
  // cert-manager's default: renew when two thirds of the lifetime have passed.
  const before = renewBeforeMs ?? Math.floor(lifetime / 3);
  return new Date(facts.notAfter.getTime() - before);
}

function describeTiming(facts: CertificateFacts, context: StatusContext): { status: "valid" | "due" | "expired"; reason: string } {
  const now = context.now.getTime();
  const notAfter = facts.notAfter.getTime();
  const renewAt = renewalTime(facts, context.renewBeforeMs);
  if (now >= notAfter) return { status: "expired", reason: `expired on ${facts.notAfter.toISOString()} (${describeSpan(now - notAfter)} ago)` };
  const window = context.renewBeforeMs === undefined ? "the last third of its lifetime" : "certificates.renewBefore";
  if (now >= renewAt.getTime()) return { status: "due", reason: `expires in ${describeSpan(notAfter - now)} (${facts.notAfter.toISOString()}): inside ${window}` };
  return { status: "valid", reason: `expires in ${describeSpan(notAfter - now)} (${facts.notAfter.toISOString()}); renewed from ${renewAt.toISOString()}` };
}

function checkFiles(spec: CertificateSpec, cert: Extract<LiveFile, { type: "file" }>, key: Extract<LiveFile, { type: "file" }>): { status: CertificateStatus; reason: string } | undefined {
  const placement = spec.placement;
  if (placement === undefined) return undefined;
  if (placement.owner !== undefined) {
    for (const [what, file] of [["key", key], ["certificate", cert]] as const) {
      if (!ownerMatches(placement.owner, file.owner)) return { status: "wrong-owner", reason: `the ${what} is owned by ${file.owner}, the manifest says ${placement.owner}` };
    }
  }
  if (placement.mode !== undefined) {
    for (const [what, file] of [["key", key], ["certificate", cert]] as const) {
      if (file.mode !== placement.mode) return { status: "wrong-mode", reason: `the ${what} has mode ${file.mode.toString(8)}, the manifest says ${placement.mode.toString(8)}` };
    }
  }
  return undefined;
}

/** `root` matches `root:anything`; `root:www-data` must match both. */
function ownerMatches(declared: string, live: string): boolean {
  const [user, group] = declared.split(":");
  const [liveUser, liveGroup] = live.split(":");
  return user === liveUser && (group === undefined || group === liveGroup);
}

/** `12 days`, `5 hours`, `3 minutes`: whole units, the largest that fits. */
export function describeSpan(ms: number): string {
  const units: [number, string][] = [
    [DAY_MS, "day"],
    [3_600_000, "hour"],
    [60_000, "minute"],
  ];
  for (const [size, name] of units) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? "" : "s"}`;
  }
  return "less than a minute";
}

function oneLine(dn: string): string {
  return dn.split("\n").join(", ");
}
