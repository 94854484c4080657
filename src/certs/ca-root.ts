import { readFile } from "node:fs/promises";
import type { X509Certificate } from "node:crypto";
import { normalizeFingerprint, type CertificateSettings } from "../settings/certificate-settings.js";
import { CertificateError } from "./certificate-error.js";
import { fetchHttps } from "./fetch-https.js";
import { parseCertificateChain } from "./inspect-certificate.js";

/** The internal CA's root: what `trusted_ca` guests trust and every TLS check of this stage verifies against. */
export interface CaRoot {
  readonly pem: string;
  readonly cert: X509Certificate;
  /** SHA-256, 64 lower-case hex digits. */
  readonly fingerprint: string;
}

/**
 * Loads `certificates.caRoot`: a PEM file on this machine, or the CA's root
 * URL whose answer must hold a certificate with the pinned SHA-256 (never
 * trust on first use: a root with another fingerprint is refused, whoever
 * serves it). The fetch trusts `directoryTrust` when set, else the system.
 */
export async function loadCaRoot(settings: CertificateSettings): Promise<CaRoot | undefined> {
  const root = settings.caRoot;
  if (root === undefined) return undefined;
  const pin = root.sha256 === undefined ? undefined : normalizeFingerprint(root.sha256);
  let text: string;
  let where: string;
  if (root.file !== undefined) {
    where = root.file;
    text = await readFile(root.file, "utf8").catch((err: unknown) => {
      throw new CertificateError("ca-root-unavailable", `cannot read the CA root ${root.file}: ${(err as Error).message}`);
    });
  } else {
    where = root.url as string;
    const ca = settings.directoryTrust === undefined ? undefined : await readFile(settings.directoryTrust, "utf8");
    const response = await fetchHttps(where, { ...(ca === undefined ? {} : { ca }) }).catch((err: unknown) => {
      throw new CertificateError("ca-root-unavailable", `cannot fetch the CA root from ${where}: ${(err as Error).message}`);
    });
    if (response.status !== 200) throw new CertificateError("ca-root-unavailable", `the CA root at ${where} answered HTTP ${response.status}`);
    text = response.body;
  }
  const parsed = parseCertificateChain(text);
  if ("problem" in parsed) throw new CertificateError("ca-root-unavailable", `the CA root at ${where} ${parsed.problem}`);
  const candidates = parsed.chain.map((cert) => ({ cert, fingerprint: cert.fingerprint256.replace(/:/g, "").toLowerCase() }));
  const chosen = pin === undefined ? candidates[0] : candidates.find((c) => c.fingerprint === pin);
  if (chosen === undefined)
    throw new CertificateError("fingerprint-mismatch", `the CA root at ${where} has SHA-256 ${candidates.map((c) => c.fingerprint).join(", ")}, not the pinned ${pin}`, {
      hint: "nothing was trusted or written; check certificates.caRoot.sha256 against the CA's own fingerprint (step certificate fingerprint root_ca.crt)",
    });
  return { pem: chosen.cert.toString(), cert: chosen.cert, fingerprint: chosen.fingerprint };
}
