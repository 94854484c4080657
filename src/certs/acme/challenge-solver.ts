import type { ChallengeType } from "../../settings/certificate-settings.js";

/** One challenge of an order, as the solver publishes it. */
export interface PendingChallenge {
  /** The name as ordered: `gw.example.test` or `*.example.test`. */
  readonly identifier: string;
  readonly token: string;
  /** The key authorization; for DNS-01 already its digest, the TXT record's value. */
  readonly keyAuthorization: string;
}

/**
 * Publishes the answers of an order's challenges where the CA looks for
 * them, all at once (one reload for the whole order), and takes them away
 * afterwards, whatever the outcome.
 */
export interface ChallengeSolver {
  readonly type: ChallengeType;
  /** Returns once every answer is published (and, where Phoenix can tell, visible). */
  present(challenges: readonly PendingChallenge[]): Promise<void>;
  cleanup(challenges: readonly PendingChallenge[]): Promise<void>;
}

/** What a CA may put in a name or token Phoenix writes into a config file: nothing that could end a directive. */
export function checkChallengeText(challenge: PendingChallenge): string | undefined {
  if (!/^(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(challenge.identifier)) return `the CA sent an identifier Phoenix will not write: ${JSON.stringify(challenge.identifier.slice(0, 80))}`;
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(challenge.token)) return "the CA sent a token of other characters than base64url";
  if (!/^[A-Za-z0-9_.-]{1,512}$/.test(challenge.keyAuthorization)) return "the key authorization holds other characters than base64url";
  return undefined;
}
