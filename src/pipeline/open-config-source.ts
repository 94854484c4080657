import path from "node:path";
import type { FileTree } from "../source/file-tree.js";
import { createDirectoryTree } from "../source/file-tree.js";
import { openConfigRepo } from "../source/open-config-repo.js";
import type { Logger } from "../logger.js";
import type { TrustedSource } from "./plan-trust-boundary.js";

/** Where the CLI reads the config from: a working directory, or a repo at a ref. */
export interface SourceFlags {
  readonly dir?: string;
  readonly repo?: string;
  readonly ref?: string;
  readonly base?: string;
  /** The ref whose execution values an untrusted tree is planned with; default: `--base`. */
  readonly trusted?: string;
}

export interface ConfigSource {
  readonly tree: FileTree;
  readonly commit?: string;
  readonly baseTree?: FileTree;
  readonly base?: string;
  /** Set with `--base` or `--trusted`: the planned tree is treated as a pull request's head. */
  readonly trusted?: TrustedSource;
}

/**
 * `--dir DIR` reads the working tree as it is (the commit is the checkout's
 * HEAD when it is a git repo); `--repo URL|PATH --ref REF` reads a commit
 * without a checkout. `--base REF` is resolved in the same repo, and so is
 * `--trusted REF`: with either, the planned tree is untrusted and what it
 * executes or connects to comes from the trusted ref (`--base` by default). A token for
 * HTTPS remotes comes from PHOENIX_GIT_TOKEN, never from a flag (flags end up
 * in shell history and process lists).
 */
export async function openConfigSource(flags: SourceFlags, logger: Logger): Promise<ConfigSource> {
  if (flags.repo !== undefined) {
    const token = process.env.PHOENIX_GIT_TOKEN;
    const repo = await openConfigRepo({ url: flags.repo, ...(token ? { token } : {}), logger });
    const head = await repo.fetchRef(flags.ref ?? "HEAD");
    const base = flags.base !== undefined ? await repo.fetchRef(flags.base) : undefined;
    const trustedRef = flags.trusted ?? flags.base;
    const trusted = trustedRef === undefined ? undefined : trustedRef === flags.base && base ? base : await repo.fetchRef(trustedRef);
    return {
      tree: repo.openTree(head.commit),
      commit: head.commit,
      ...(base ? { baseTree: repo.openTree(base.commit), base: base.commit } : {}),
      ...(trusted && trustedRef !== undefined ? { trusted: { tree: repo.openTree(trusted.commit), ref: trustedRef, commit: trusted.commit } } : {}),
    };
  }
  const dir = path.resolve(flags.dir ?? ".");
  const tree = createDirectoryTree(dir);
  const repo = await openConfigRepo({ url: dir, logger }).catch(() => undefined);
  const commit = repo ? await repo.resolveCommit("HEAD").catch(() => undefined) : undefined;
  const trustedRef = flags.trusted ?? flags.base;
  if (flags.base !== undefined || trustedRef !== undefined) {
    if (!repo) throw new Error(`--${flags.base !== undefined ? "base" : "trusted"} needs a git repository, and ${dir} is not one`);
    const base = flags.base === undefined ? undefined : await repo.resolveCommit(flags.base);
    const trusted = trustedRef === undefined ? undefined : trustedRef === flags.base ? base : await repo.resolveCommit(trustedRef);
    return {
      tree,
      ...(commit ? { commit } : {}),
      ...(base ? { baseTree: repo.openTree(base), base } : {}),
      ...(trusted && trustedRef !== undefined ? { trusted: { tree: repo.openTree(trusted), ref: trustedRef, commit: trusted } } : {}),
    };
  }
  return { tree, ...(commit ? { commit } : {}) };
}
