import { connect, type PeerCertificate } from "node:tls";

/**
 * The certificate a TLS server on a loopback address serves for `servername`,
 * verified against `ca` only (pebble's issuing root): a handshake that does
 * not verify rejects.
 */
export function readServedCertificate(p: { host: string; port: number; servername: string; ca: string }): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: p.host, port: p.port, servername: p.servername, ca: p.ca, rejectUnauthorized: true }, () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      resolve(cert);
    });
    socket.setTimeout(5000, () => socket.destroy(new Error("TLS handshake timed out")));
    socket.on("error", reject);
  });
}

/** The served certificate's SHA-256 once it is `fingerprint256`: nginx serves a new pair a moment after its reload returns. */
export async function waitForServedCertificate(p: { host: string; port: number; servername: string; ca: string }, fingerprint256: string): Promise<string> {
  let last = "";
  for (let i = 0; i < 50; i++) {
    last = await readServedCertificate(p).then(
      (c) => c.fingerprint256,
      (err: Error) => err.message,
    );
    if (last === fingerprint256) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return last;
}
