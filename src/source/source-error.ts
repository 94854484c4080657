import { SourceError } from "../errors.js";

/** Stable codes of the source stage; users and tests match on these, never on messages. */
export type SourceErrorCode =
  | "SOURCE_UNSUPPORTED_URL"
  | "SOURCE_NOT_A_REPO"
  | "SOURCE_AUTH_REQUIRED"
  | "SOURCE_AUTH_FAILED"
  | "SOURCE_REPO_NOT_FOUND"
  | "SOURCE_FETCH_TIMEOUT"
  | "SOURCE_FETCH_FAILED"
  | "SOURCE_FETCH_TOO_LARGE"
  | "SOURCE_REF_NOT_FOUND"
  | "SOURCE_REF_AMBIGUOUS"
  | "SOURCE_REF_UNSUPPORTED"
  | "SOURCE_GIT_MISSING"
  | "SOURCE_OBJECT_MISSING"
  | "SOURCE_NOT_A_COMMIT"
  | "SOURCE_PATH_OUTSIDE_REPO"
  | "SOURCE_UNSUPPORTED_ENTRY"
  | "SOURCE_FILE_TOO_LARGE"
  | "SOURCE_REPO_TOO_LARGE"
  | "SOURCE_READ_FAILED";

export interface SourceErrorOptions {
  readonly file?: string;
  readonly hint?: string;
  /** The underlying failure; only its masked name, code and message are kept. */
  readonly cause?: unknown;
  /** Strings (tokens, passwords) to mask wherever they appear in the message or cause. */
  readonly secrets?: readonly string[];
}

/**
 * Builds a SourceError whose message and cause carry no secret. The original
 * error is not kept as is: isomorphic-git attaches request data to its errors,
 * and an error travels into logs, PR comments and check runs.
 */
export function createSourceError(code: SourceErrorCode, message: string, options: SourceErrorOptions = {}): SourceError {
  const secrets = options.secrets ?? [];
  return new SourceError("source", code, maskSecrets(message, secrets), {
    file: options.file,
    hint: options.hint === undefined ? undefined : maskSecrets(options.hint, secrets),
    cause: options.cause === undefined ? undefined : sanitizeCause(options.cause, secrets),
  });
}

/** Replaces every occurrence of each secret (and its URL-encoded and base64 forms) with `[masked]`. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64")])) {
      masked = masked.split(form).join("[masked]");
    }
  }
  return masked;
}

/** The isomorphic-git or Node error code of `err` (`HttpError`, `NotFoundError`, `ECONNREFUSED`, ...). */
export function errorCodeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function sanitizeCause(cause: unknown, secrets: readonly string[]): Error {
  const original = cause instanceof Error ? cause : new Error(String(cause));
  const safe = new Error(maskSecrets(original.message, secrets));
  safe.name = original.name;
  const code = errorCodeOf(original);
  if (code !== undefined) Object.assign(safe, { code });
  return safe;
}
