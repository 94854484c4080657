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
