import { Agent } from "node:https";
import { axios as acmeAxios } from "acme-client";

/**
 * acme-client talks through one shared axios instance. Phoenix sets it up
 * for each session: the directory's own TLS trust (not the issuing root),
 * a time limit, and no retries of its own, because acme-client would sleep
 * for a CA's whole Retry-After (an hour is common) inside one request;
 * Phoenix records the limit and backs off between runs instead. Sessions
 * run one at a time (`withAcmeTransport`), so the shared settings are never
 * those of another directory.
 */

/** What the CA said when it refused a request: its problem document and Retry-After. */
export interface AcmeProblem {
  readonly status: number;
  readonly type: string | undefined;
  readonly detail: string | undefined;
  readonly retryAfterSeconds: number | undefined;
}

const REQUEST_TIMEOUT_MS = 30_000;
let lastProblem: AcmeProblem | undefined;
let queue: Promise<unknown> = Promise.resolve();

// acme-client turns an error answer into a plain message: keep the document's type and Retry-After beside it.
acmeAxios.interceptors.response.use((response) => {
  const data = response.data as { type?: unknown; detail?: unknown } | undefined;
  // acme-client retries a bad nonce itself: it is no answer to report.
  if (response.status >= 400 && data?.type !== "urn:ietf:params:acme:error:badNonce") {
    lastProblem = {
      status: response.status,
      type: typeof data?.type === "string" ? data.type : undefined,
      detail: typeof data?.detail === "string" ? data.detail : undefined,
      retryAfterSeconds: parseRetryAfter(response.headers["retry-after"]),
    };
  }
  return response;
});

/** Runs `fn` with the ACME transport trusting `directoryTrust` (PEM; undefined: the system's roots), one session at a time. */
export function withAcmeTransport<T>(directoryTrust: string | undefined, fn: () => Promise<T>): Promise<T> {
  const run = queue.then(async () => {
    acmeAxios.defaults.httpsAgent = directoryTrust === undefined ? undefined : new Agent({ ca: directoryTrust, keepAlive: false });
    acmeAxios.defaults.timeout = REQUEST_TIMEOUT_MS;
    (acmeAxios.defaults as unknown as { acmeSettings: { retryMaxAttempts: number } }).acmeSettings.retryMaxAttempts = 0;
    lastProblem = undefined;
    return fn();
  });
  queue = run.catch(() => undefined);
  return run;
}

/** The problem document of the last refused request, cleared by reading it. */
export function takeAcmeProblem(): AcmeProblem | undefined {
  const problem = lastProblem;
  lastProblem = undefined;
  return problem;
}

/** Seconds, from `Retry-After: 120` or an HTTP date. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
