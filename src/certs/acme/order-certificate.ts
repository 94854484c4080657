import { crypto as acmeCrypto, type Authorization, type Client } from "acme-client";
import type { Logger } from "../../logger.js";
import type { KeyAlgorithm } from "../../settings/certificate-settings.js";
import { CertificateError, describeError } from "../certificate-error.js";
import { acmeStep } from "./acme-step.js";
import { checkChallengeText, type ChallengeSolver, type PendingChallenge } from "./challenge-solver.js";
import { generatePrivateKey } from "./generate-private-key.js";

/** A freshly issued pair: the key PEM goes to the key file only, never to a log or a result. */
export interface IssuedPair {
  readonly keyPem: string;
  /** Leaf then intermediates, as the CA sent them. */
  readonly chainPem: string;
}

/**
 * One ACME order for `names` (the first is the common name): answer every
 * pending authorization with the solver's challenge type, wait until the
 * CA has validated them, then finalize with a new key's CSR and download
 * the full chain. Authorizations the CA still holds as valid need no
 * challenge. Every failure is a CertificateError carrying the CA's problem
 * detail; nothing is written anywhere by this function.
 */
export async function orderCertificate(p: { client: Client; names: readonly string[]; keyAlgorithm: KeyAlgorithm; solver: ChallengeSolver; log: Logger }): Promise<IssuedPair> {
  const { client, solver, log } = p;
  const order = await acmeStep("creating the order", () => client.createOrder({ identifiers: p.names.map((value) => ({ type: "dns", value })) }));
  const authorizations = await acmeStep("reading the authorizations", () => client.getAuthorizations(order));
  const challenges: { pending: PendingChallenge; challenge: Authorization["challenges"][number] }[] = [];
  for (const authz of authorizations) {
    const name = authz.wildcard ? `*.${authz.identifier.value}` : authz.identifier.value;
    if (authz.status === "valid") continue;
    if (authz.status !== "pending") throw new CertificateError("challenge-failed", `the CA holds the authorization for ${name} as ${authz.status}`);
    const challenge = authz.challenges.find((c) => c.type === solver.type);
    if (challenge === undefined)
      throw new CertificateError("challenge-failed", `the CA offers no ${solver.type} challenge for ${name} (it offers ${authz.challenges.map((c) => c.type).join(", ")})`, {
        hint: "change certificates.challenge",
      });
    const keyAuthorization = await client.getChallengeKeyAuthorization(challenge);
    const pending = { identifier: name, token: challenge.token, keyAuthorization };
    const problem = checkChallengeText(pending);
    if (problem !== undefined) throw new CertificateError("challenge-failed", problem);
    challenges.push({ pending, challenge });
  }

  if (challenges.length > 0) {
    const list = challenges.map((c) => c.pending);
    log.info({ challenge: solver.type, names: list.map((c) => c.identifier) }, "acme challenges presenting");
    try {
      await solver.present(list);
      for (const c of challenges) await acmeStep(`answering the challenge for ${c.pending.identifier}`, () => client.completeChallenge(c.challenge));
      for (const c of challenges) {
        await acmeStep(`the ${solver.type} challenge for ${c.pending.identifier}`, () => client.waitForValidStatus({ ...c.challenge }), "challenge-failed");
      }
    } finally {
      await solver.cleanup(list).catch((err: unknown) => log.warn({ challenge: solver.type, err: describeError(err) }, "acme challenge cleanup failed"));
    }
  }

  const keyPem = await generatePrivateKey(p.keyAlgorithm);
  const [, csr] = await acmeCrypto.createCsr({ commonName: p.names[0] as string, altNames: [...p.names] }, keyPem);
  const finalized = await acmeStep("finalizing the order", () => client.finalizeOrder(order, csr));
  const chainPem = await acmeStep("downloading the certificate", () => client.getCertificate(finalized));
  return { keyPem, chainPem };
}
