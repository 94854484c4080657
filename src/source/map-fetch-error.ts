import type { RemoteRepoLocation } from "./repo-location.js";
import { createSourceError, errorCodeOf } from "./source-error.js";

/** Turns an isomorphic-git or network failure of a fetch into a SourceError with a stable code and no secret. */
export function mapFetchError(err: unknown, location: RemoteRepoLocation, ref: string, secrets: string[]): Error {
  const code = errorCodeOf(err);
  const name = (err as { name?: unknown } | null)?.name;
  const url = location.url;
  if (code === "HttpError") {
    const status = (err as { data?: { statusCode?: number } }).data?.statusCode;
    if (status === 401 && location.credentials === undefined) {
      return createSourceError("SOURCE_AUTH_REQUIRED", `${url} requires authentication`, {
        cause: err,
        secrets,
        hint: "Configure a token (a GitHub App installation token or a personal access token with read access).",
      });
    }
    if (status === 401 || status === 403) {
      return createSourceError("SOURCE_AUTH_FAILED", `${url} refused the credentials (HTTP ${status})`, {
        cause: err,
        secrets,
        hint: "The token may have expired or lack read access to this repository.",
      });
    }
    if (status === 404) {
      return createSourceError("SOURCE_REPO_NOT_FOUND", `${url} is not a repository (HTTP 404)`, {
        cause: err,
        secrets,
        hint: "Check the URL; GitHub also answers 404 for a private repository the token cannot see.",
      });
    }
    return createSourceError("SOURCE_FETCH_FAILED", `fetching ${ref} from ${url} failed with HTTP ${status ?? "error"}`, { cause: err, secrets });
  }
  if (code === "NotFoundError") {
    return createSourceError("SOURCE_REF_NOT_FOUND", `${url} has no branch or tag named ${ref}`, {
      cause: err,
      secrets,
      hint: "Fetch a branch, tag or full ref name (isomorphic-git cannot fetch a commit by sha); then resolve the sha locally.",
    });
  }
  if (name === "TimeoutError" || name === "AbortError" || code === "ABORT_ERR") {
    return createSourceError("SOURCE_FETCH_TIMEOUT", `fetching ${ref} from ${url} timed out`, { cause: err, secrets });
  }
  if (code === "SmartHttpError") {
    return createSourceError("SOURCE_FETCH_FAILED", `${url} does not speak git's smart HTTP protocol`, { cause: err, secrets });
  }
  return createSourceError("SOURCE_FETCH_FAILED", `fetching ${ref} from ${url} failed${code === undefined ? "" : ` (${code})`}`, {
    cause: err,
    secrets,
  });
}
