import fs from "node:fs";
import { mkdir } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { init, setConfig } from "isomorphic-git";
import { hashRepoUrl } from "./repo-location.js";
import { createSourceError } from "./source-error.js";

/** `$XDG_CACHE_HOME/phoenix/repos`, else `~/.cache/phoenix/repos`. */
export function defaultRepoCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const cacheHome = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== "" ? env.XDG_CACHE_HOME : path.join(homedir(), ".cache");
  return path.join(cacheHome, "phoenix", "repos");
}

/**
 * Creates (or reopens) the bare cache repository of a remote under
 * `<cacheRoot>/<hash of url>` and returns its git directory. Remote refs are
 * mirrored as they are named on the server (`refs/heads/main`,
 * `refs/pull/7/head`), so a name resolves the same way here as there.
 */
export async function prepareRepoCache(cacheRoot: string, url: string): Promise<string> {
  const gitdir = path.join(path.resolve(cacheRoot), hashRepoUrl(url));
  // Once per process: the app opens the repo for every delivery, and the init and two config
  // writes below cost ~25 ms each time.
  const key = `${gitdir}\n${url}`;
  if (prepared.has(key)) return gitdir;
  try {
    await mkdir(gitdir, { recursive: true });
    // A no-op on an existing repository; the settings below are rewritten every time so that
    // a cache left half-initialised by a crash is completed.
    await init({ fs, gitdir, bare: true, defaultBranch: "main" });
    await setConfig({ fs, gitdir, path: "remote.origin.url", value: url });
    await setConfig({ fs, gitdir, path: "remote.origin.fetch", value: "+refs/*:refs/*" });
  } catch (err) {
    throw createSourceError("SOURCE_READ_FAILED", `cannot prepare the repository cache in ${gitdir}`, {
      cause: err,
      hint: "Check that the cache directory is writable, or configure another one.",
    });
  }
  prepared.add(key);
  return gitdir;
}

const prepared = new Set<string>();
