import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runLocalCommand } from "../infra/targets/local-target.js";
import type { KeyAlgorithm } from "../settings/certificate-settings.js";
import { generatePrivateKey } from "./acme/generate-private-key.js";
import { CertificateError } from "./certificate-error.js";

/** Long enough to reach the first issuance; short enough that a forgotten placeholder expires. */
const PLACEHOLDER_DAYS = 2;

/**
 * A self-signed pair for `names`, made with openssl on this machine: the
 * placeholder that lets the NGINX gateway pass `nginx -t` and answer HTTP-01
 * before its first certificate exists (docs/settings.md#certificates).
 */
export async function makePlaceholderPair(names: readonly string[], algorithm: KeyAlgorithm): Promise<{ keyPem: string; chainPem: string }> {
  const keyPem = await generatePrivateKey(algorithm);
  const dir = await mkdtemp(path.join(tmpdir(), "phoenix-bootstrap-"));
  try {
    const keyFile = path.join(dir, "key.pem");
    const certFile = path.join(dir, "cert.pem");
    await writeFile(keyFile, keyPem, { mode: 0o600 });
    const first = names[0] ?? "phoenix-bootstrap";
    // A CN is at most 64 characters; the names are in the SAN anyway.
    const subject = `/CN=${first.length <= 64 ? first : "phoenix-bootstrap"}/O=Phoenix bootstrap placeholder`;
    const san = `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}`;
    const r = await runLocalCommand(["openssl", "req", "-x509", "-key", keyFile, "-subj", subject, "-addext", san, "-days", String(PLACEHOLDER_DAYS), "-out", certFile]);
    if (r.exitCode !== 0) throw new CertificateError("write-failed", `openssl could not make the placeholder certificate: ${r.stderr.trim()}`);
    return { keyPem, chainPem: await readFile(certFile, "utf8") };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
