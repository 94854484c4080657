import { generateKeyPairSync } from "node:crypto";
import { mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";
import { Client } from "acme-client";
import { CertificateError } from "../certificate-error.js";
import { fetchHttps } from "../fetch-https.js";
import { acmeStep } from "./acme-step.js";

export interface AcmeAccountOptions {
  readonly directoryUrl: string;
  /** PEM trusted for the directory's TLS; undefined: the system's roots. */
  readonly directoryTrust: string | undefined;
  /** Private key file of the account on this machine; created (mode 600) when missing. */
  readonly accountKeyFile: string;
  readonly email: string | undefined;
}

/** How long a client waits for a challenge or order to become valid: CAs validate in seconds. */
const BACKOFF = { backoffAttempts: 20, backoffMin: 250, backoffMax: 3000 };

/**
 * The ACME client of one run, registered (or found again by its key: a new
 * account request with a known key returns that account). The directory is
 * fetched once first, so that an unreachable CA is reported as such with
 * the network's own reason.
 */
export async function openAcmeAccount(options: AcmeAccountOptions): Promise<Client> {
  await fetchHttps(options.directoryUrl, { ...(options.directoryTrust === undefined ? {} : { ca: options.directoryTrust }) }).then(
    (r) => {
      if (r.status !== 200) throw new CertificateError("ca-unreachable", `the ACME directory ${options.directoryUrl} answered HTTP ${r.status}`);
    },
    (err: unknown) => {
      throw new CertificateError("ca-unreachable", `cannot reach the ACME directory ${options.directoryUrl}: ${(err as Error).message}`, {
        hint: "check certificates.directoryUrl, that the CA runs, and certificates.directoryTrust for its TLS",
      });
    },
  );
  const accountKey = await loadOrCreateAccountKey(options.accountKeyFile);
  const client = new Client({ directoryUrl: options.directoryUrl, accountKey, ...BACKOFF });
  try {
    await acmeStep("registering the ACME account", () =>
      client.createAccount({ termsOfServiceAgreed: true, ...(options.email === undefined ? {} : { contact: [`mailto:${options.email}`] }) }),
    );
  } catch (err) {
    // A known key is answered with its account, then acme-client sends an update some CAs (pebble) refuse: the account is there all the same.
    if (!hasAccountUrl(client)) throw err;
  }
  return client;
}

function hasAccountUrl(client: Client): boolean {
  try {
    return client.getAccountUrl() !== "";
  } catch {
    return false;
  }
}

/** The account key, or a new ECDSA P-256 key written with mode 600 (created exclusively: never over another file). */
export async function loadOrCreateAccountKey(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    if ((err as { code?: string }).code !== "ENOENT") throw new CertificateError("ca-refused", `cannot read the ACME account key ${file}: ${(err as Error).message}`);
  }
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const handle = await open(file, "wx", 0o600);
  try {
    await handle.writeFile(pem, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  return pem;
}
