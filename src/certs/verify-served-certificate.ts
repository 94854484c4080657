import { lookup, Resolver } from "node:dns/promises";
import { connect } from "node:tls";
import { setTimeout as sleep } from "node:timers/promises";
import { CertificateError } from "./certificate-error.js";

export interface ServedCertificateCheck {
  /** The certificate's common name: the service's name, resolved and sent as SNI. */
  readonly name: string;
  readonly port: number;
  /** Resolve `name` here; undefined uses the system's resolver. */
  readonly nameserver: { readonly host: string; readonly port: number } | undefined;
  /** SHA-256 of the leaf that must be served. */
  readonly fingerprint: string;
  /** The CA root the served chain must verify against; without it the exact leaf is the only check. */
  readonly caRootPem: string | undefined;
  readonly attempts?: number;
  readonly intervalMs?: number;
}

/**
 * Connects to the service as a client would and checks that it serves the
 * new leaf (the reload took), verified against the CA root when one is
 * configured. Retries for a few seconds: a reload returns before the new
 * workers serve.
 */
export async function verifyServedCertificate(check: ServedCertificateCheck): Promise<void> {
  const attempts = check.attempts ?? 20;
  let last = "";
  for (let i = 1; i <= attempts; i++) {
    try {
      const address = await resolveName(check.name, check.nameserver);
      const served = await readServedFingerprint(address, check);
      if (served === check.fingerprint) return;
      last = `${check.name}:${check.port} (${address}) serves the certificate with SHA-256 ${served}, not the new one (${check.fingerprint})`;
    } catch (err) {
      last = `cannot check ${check.name}:${check.port}: ${(err as Error).message}`;
    }
    if (i < attempts) await sleep(check.intervalMs ?? 750);
  }
  throw new CertificateError("verify-failed", last, { hint: `the new pair is installed; the previous one is kept beside it as .previous` });
}

async function resolveName(name: string, nameserver: ServedCertificateCheck["nameserver"]): Promise<string> {
  if (nameserver === undefined) return (await lookup(name)).address;
  const resolver = new Resolver({ timeout: 1000, tries: 2 });
  resolver.setServers([nameserver.host.includes(":") ? `[${nameserver.host}]:${nameserver.port}` : `${nameserver.host}:${nameserver.port}`]);
  const v4 = await resolver.resolve4(name).catch(() => [] as string[]);
  if (v4[0] !== undefined) return v4[0];
  const v6 = await resolver.resolve6(name).catch(() => [] as string[]);
  if (v6[0] !== undefined) return v6[0];
  throw new Error(`${nameserver.host}:${nameserver.port} has no address for ${name}`);
}

function readServedFingerprint(address: string, check: ServedCertificateCheck): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: address,
      port: check.port,
      servername: check.name,
      ...(check.caRootPem === undefined ? { rejectUnauthorized: false } : { ca: check.caRootPem, rejectUnauthorized: true }),
    });
    socket.once("secureConnect", () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256?.replace(/:/g, "").toLowerCase() ?? "";
      socket.end();
      resolve(fingerprint);
    });
    socket.setTimeout(5000, () => socket.destroy(new Error("TLS handshake timed out")));
    socket.once("error", reject);
  });
}
