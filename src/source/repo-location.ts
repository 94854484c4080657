import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createSourceError } from "./source-error.js";

/** Where a config repo lives: a repository on this machine, or a smart-HTTP remote. */
export type RepoLocation = LocalRepoLocation | RemoteRepoLocation;

export interface LocalRepoLocation {
  readonly kind: "local";
  /** Absolute path of the working tree or bare repository. */
  readonly path: string;
}

export interface RemoteRepoLocation {
  readonly kind: "remote";
  /** The URL without credentials: safe to log, to store and to hash. */
  readonly url: string;
  /** Basic credentials to send, if any; the password is a secret. */
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
}

/** The user name GitHub expects next to an installation access token. */
export const TOKEN_USERNAME = "x-access-token";

/**
 * Parses a config repo reference: an `http(s)://` URL (credentials in the URL
 * are moved out of it; `token` wins over them), a `file://` URL or a path.
 */
export function parseRepoLocation(input: string, options: { token?: string; cwd?: string } = {}): RepoLocation {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(input)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    // scp-like `git@host:owner/repo` would need ssh, which isomorphic-git cannot speak.
    if (/^[\w.-]+@[\w.-]+:/.test(input)) throw unsupportedUrl(input);
    return { kind: "local", path: path.resolve(options.cwd ?? process.cwd(), input) };
  }
  if (scheme === "file") return { kind: "local", path: fileURLToPath(input) };
  if (scheme !== "http" && scheme !== "https") throw unsupportedUrl(input);

  let url: URL;
  try {
    url = new URL(input);
  } catch (err) {
    throw createSourceError("SOURCE_UNSUPPORTED_URL", "config repo URL is not a valid URL", {
      cause: err,
      secrets: options.token === undefined ? [] : [options.token],
    });
  }
  const urlUser = decodeURIComponent(url.username);
  const urlPassword = decodeURIComponent(url.password);
  url.username = "";
  url.password = "";
  const credentials =
    options.token !== undefined && options.token !== ""
      ? { username: TOKEN_USERNAME, password: options.token }
      : urlUser !== "" || urlPassword !== ""
        ? { username: urlUser, password: urlPassword }
        : undefined;
  return { kind: "remote", url: url.href.replace(/\/+$/, ""), credentials };
}

/** A description for logs and errors: the path, or the URL without credentials. */
export function describeRepoLocation(location: RepoLocation): string {
  return location.kind === "local" ? location.path : location.url;
}

/** The secrets of a location, for masking. */
export function listLocationSecrets(location: RepoLocation): string[] {
  return location.kind === "remote" && location.credentials && location.credentials.password !== "" ? [location.credentials.password] : [];
}

/** Cache directory name of a remote: stable across restarts, different per URL, never derived from credentials. */
export function hashRepoUrl(url: string): string {
  return createHash("sha256").update(url).digest("hex").slice(0, 24);
}

function unsupportedUrl(input: string): Error {
  const shown = input.replace(/\/\/[^@/]*@/, "//");
  return createSourceError("SOURCE_UNSUPPORTED_URL", `unsupported config repo URL: ${shown}`, {
    hint: "Use an https:// URL (with a token for private repositories) or a local path.",
  });
}
