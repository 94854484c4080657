import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";

/**
 * What a certificate file says, parsed with node:crypto. Only public facts
 * leave this module: a private key is parsed to compare it with the
 * certificate and to name its type, and then dropped.
 */
export interface CertificateFacts {
  readonly commonName: string | undefined;
  /** DNS subject alternative names, lower-case, in certificate order. */
  readonly names: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The issuer's distinguished name, one line (`CN=Pebble Intermediate CA 1a2b3c`). */
  readonly issuer: string;
  /** SHA-256 of the leaf, 64 lower-case hex digits. */
  readonly fingerprint: string;
  readonly serial: string;
  /** The file's certificates, leaf first (a full chain has the intermediates after it). */
  readonly chain: readonly X509Certificate[];
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate of a PEM file, leaf first; a problem names what is wrong, never the content. */
export function parseCertificateChain(pem: string): { chain: X509Certificate[] } | { problem: string } {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) return { problem: "holds no PEM certificate" };
  try {
    return { chain: blocks.map((b) => new X509Certificate(b)) };
  } catch (err) {
    return { problem: `holds a certificate that does not parse (${(err as Error).message})` };
  }
}

export function describeCertificate(chain: readonly X509Certificate[]): CertificateFacts {
  const leaf = chain[0] as X509Certificate;
  return {
    commonName: readCommonName(leaf.subject),
    names: readDnsNames(leaf.subjectAltName),
    notBefore: new Date(leaf.validFrom),
    notAfter: new Date(leaf.validTo),
    issuer: leaf.issuer.split("\n").join(", "),
    fingerprint: leaf.fingerprint256.replace(/:/g, "").toLowerCase(),
    serial: leaf.serialNumber.toLowerCase(),
    chain,
  };
}

/** The key's type in the settings' words (`ecdsa-p256`, `rsa-2048`), or a problem when it is no private key. */
export function inspectPrivateKey(pem: string): { key: KeyObject; type: string } | { problem: string } {
  try {
    const key = createPrivateKey(pem);
    return { key, type: describeKeyType(key) };
  } catch {
    // The parser's message could quote the file: say only what it is not.
    return { problem: "is not a PEM private key" };
  }
}

/** True when the private key is the one the certificate was issued for. */
export function keyMatchesCertificate(leaf: X509Certificate, key: KeyObject): boolean {
  try {
    return leaf.checkPrivateKey(key);
  } catch {
    return false;
  }
}

/**
 * True when the chain leads to `root`: each certificate is signed by the
 * next, and the last one is the root or is signed by it.
 */
export function chainLeadsTo(chain: readonly X509Certificate[], root: X509Certificate): boolean {
  for (let i = 0; i < chain.length; i++) {
    const cert = chain[i] as X509Certificate;
    if (cert.fingerprint256 === root.fingerprint256) return true;
    if (cert.checkIssued(root) && cert.verify(root.publicKey)) return true;
    const next = chain[i + 1];
    if (next === undefined || !cert.checkIssued(next) || !cert.verify(next.publicKey)) return false;
  }
  return false;
}

function describeKeyType(key: KeyObject): string {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "ec") {
    const curves: Record<string, string> = { prime256v1: "ecdsa-p256", secp384r1: "ecdsa-p384", secp521r1: "ecdsa-p521" };
    return curves[details.namedCurve ?? ""] ?? `ecdsa-${details.namedCurve ?? "unknown"}`;
  }
  if (key.asymmetricKeyType === "rsa") return `rsa-${details.modulusLength ?? "unknown"}`;
  return key.asymmetricKeyType ?? "unknown";
}

function readCommonName(subject: string): string | undefined {
  const line = subject.split("\n").find((l) => l.startsWith("CN="));
  return line === undefined ? undefined : line.slice(3).toLowerCase();
}

/** node prints `DNS:a.example, DNS:b.example, IP Address:…`; DNS names cannot hold `, `. */
function readDnsNames(subjectAltName: string | undefined): string[] {
  if (subjectAltName === undefined) return [];
  return subjectAltName
    .split(", ")
    .filter((part) => part.startsWith("DNS:"))
    .map((part) => part.slice(4).toLowerCase());
}
