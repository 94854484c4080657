import { CertificateError, describeError } from "../certificate-error.js";
import { takeAcmeProblem } from "./acme-transport.js";

const RATE_LIMITED = "urn:ietf:params:acme:error:rateLimited";

/**
 * Runs one ACME request; its failure becomes a CertificateError named by
 * the CA's problem type (rate limits carry their Retry-After).
 */
export async function acmeStep<T>(what: string, fn: () => Promise<T>, failure: "ca-refused" | "challenge-failed" = "ca-refused"): Promise<T> {
  takeAcmeProblem();
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CertificateError) throw err;
    // The thrown message is the detail of the document that failed this step; the captured one gives its type and Retry-After.
    const problem = takeAcmeProblem();
    const detail = describeError(err);
    if (problem?.type === RATE_LIMITED || problem?.status === 429)
      throw new CertificateError("rate-limited", `${what}: the CA rate-limits this account: ${detail}`, {
        ...(problem.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: problem.retryAfterSeconds }),
        hint: "Phoenix waits before it tries again (the CA's Retry-After, at least an hour)",
        cause: err,
      });
    // No answer at all: acme-client reports a lost connection as a TypeError of its own.
    if (problem === undefined && (err instanceof TypeError || /ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up|timeout/i.test(describeError(err))))
      throw new CertificateError("ca-unreachable", `${what}: no answer from the CA (${describeError(err)})`, { cause: err });
    throw new CertificateError(failure, `${what} failed: ${detail}`, { cause: err });
  }
}
