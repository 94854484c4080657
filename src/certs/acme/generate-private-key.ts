import { generateKeyPair, type KeyObject } from "node:crypto";
import type { KeyAlgorithm } from "../../settings/certificate-settings.js";

/** A new private key of the configured type, PKCS#8 PEM: it goes to the key file and nowhere else. */
export function generatePrivateKey(algorithm: KeyAlgorithm): Promise<string> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, _publicKey: KeyObject, privateKey: KeyObject) => {
      if (err) reject(err);
      else resolve(privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    };
    if (algorithm === "ecdsa-p256" || algorithm === "ecdsa-p384") generateKeyPair("ec", { namedCurve: algorithm === "ecdsa-p256" ? "P-256" : "P-384" }, done);
    else generateKeyPair("rsa", { modulusLength: Number(algorithm.slice("rsa-".length)) }, done);
  });
}
