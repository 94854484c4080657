import { stat } from "node:fs/promises";
import path from "node:path";
import type { FileTree } from "../source/file-tree.js";
import { createDirectoryTree } from "../source/file-tree.js";
import { openConfigRepo } from "../source/open-config-repo.js";
import { fetchRevision } from "../source/fetch-revision.js";
import { createGitObjectStore } from "../source/git-object-store.js";
import { createGitTree } from "../source/git-tree.js";
import { CONFIG_DIRECTORIES } from "../source/list-tree-changes.js";
import { findLocalCheckout, listUncommittedPaths, resolveLocalHead, resolveLocalRevision, type LocalCheckout } from "../source/local-checkout.js";
import { createSourceError } from "../source/source-error.js";
import type { Logger } from "../logger.js";
import type { TrustedSource } from "./plan-trust-boundary.js";

/** Where the CLI reads the config from: a working directory, or a repo at a ref. */
export interface SourceFlags {
  readonly dir?: string;
  readonly repo?: string;
  /** A git revision; with `--dir` the commit is read instead of the working tree. */
  readonly ref?: string;
  readonly base?: string;
  /** The ref whose execution values an untrusted tree is planned with; default: `--base`. */
  readonly trusted?: string;
}

export interface ConfigSource {
  readonly tree: FileTree;
  readonly commit?: string;
  /** The tree is a working directory whose config files differ from `commit` (uncommitted changes). */
  readonly dirty?: boolean;
  readonly baseTree?: FileTree;
  readonly base?: string;
  /** Set with `--base` or `--trusted`: the planned tree is treated as a pull request's head. */
  readonly trusted?: TrustedSource;
}

/**
 * `--dir DIR` reads the working tree as it is: its commit is HEAD of the git
 * checkout that contains DIR, marked dirty when the config files have
 * uncommitted changes. With `--ref REV` it reads that commit of the same
 * checkout instead. `--repo URL|PATH --ref REV` reads a commit without a
 * checkout. `--base REV` and `--trusted REV` are resolved in the same repo:
 * with either, the planned tree is untrusted and what it executes or
 * connects to comes from the trusted ref (`--base` by default). A token for
 * HTTPS remotes comes from PHOENIX_GIT_TOKEN, never from a flag (flags end up
 * in shell history and process lists).
 */
export async function openConfigSource(flags: SourceFlags, logger: Logger): Promise<ConfigSource> {
  return flags.repo !== undefined ? openRepoSource(flags.repo, flags, logger) : openCheckoutSource(path.resolve(flags.dir ?? "."), flags, logger);
}

async function openRepoSource(url: string, flags: SourceFlags, logger: Logger): Promise<ConfigSource> {
  const token = process.env.PHOENIX_GIT_TOKEN;
  const repo = await openConfigRepo({ url, ...(token ? { token } : {}), logger });
  const head = await fetchRevision(repo, flags.ref ?? "HEAD");
  const base = flags.base !== undefined ? await fetchRevision(repo, flags.base) : undefined;
  const trustedRef = flags.trusted ?? flags.base;
  const trusted = trustedRef === undefined ? undefined : trustedRef === flags.base && base ? base : await fetchRevision(repo, trustedRef);
  return {
    tree: repo.openTree(head.commit),
    commit: head.commit,
    ...(base ? { baseTree: repo.openTree(base.commit), base: base.commit } : {}),
    ...(trusted && trustedRef !== undefined ? { trusted: { tree: repo.openTree(trusted.commit), ref: trustedRef, commit: trusted.commit } } : {}),
  };
}

async function openCheckoutSource(dir: string, flags: SourceFlags, logger: Logger): Promise<ConfigSource> {
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) {
    throw createSourceError("SOURCE_NOT_A_REPO", `${dir} is not a directory`, { hint: "Pass --dir the root of the config repo." });
  }
  const revisions = { ref: flags.ref, base: flags.base, trusted: flags.trusted };
  const needsGit = Object.entries(revisions).find(([, value]) => value !== undefined)?.[0];
  const checkout = await findCheckout(dir, needsGit === undefined, logger);
  if (checkout === undefined) {
    if (needsGit !== undefined) throw createSourceError("SOURCE_NOT_A_REPO", `--${needsGit} needs a git repository, and ${dir} is in none`, { hint: "Run it inside a clone, or read a remote with --repo URL." });
    return { tree: createDirectoryTree(dir) };
  }
  const store = createGitObjectStore({ gitdir: checkout.objectsGitdir });
  const openTree = (commit: string) => createGitTree({ store, commit, root: checkout.prefix, description: `${dir}@${commit.slice(0, 12)}` });
  const resolve = (revision: string | undefined) => (revision === undefined ? undefined : resolveLocalRevision(checkout, revision));
  const [ref, base, trusted] = await Promise.all([resolve(flags.ref), resolve(flags.base), resolve(flags.trusted ?? flags.base)]);
  const trustedRef = flags.trusted ?? flags.base;
  const shared = {
    ...(base ? { baseTree: openTree(base), base } : {}),
    ...(trusted && trustedRef !== undefined ? { trusted: { tree: openTree(trusted), ref: trustedRef, commit: trusted } } : {}),
  };
  if (ref !== undefined) return { tree: openTree(ref), commit: ref, ...shared };
  const head = await resolveLocalHead(checkout);
  const tree = createDirectoryTree(dir);
  if (head === undefined) return { tree, ...shared };
  const uncommitted = await listUncommittedPaths(checkout, CONFIG_DIRECTORIES);
  if (uncommitted.length > 0) logger.info({ commit: head, files: uncommitted.length, first: uncommitted.slice(0, 5) }, "working tree has uncommitted changes");
  return { tree, commit: head, ...(uncommitted.length > 0 ? { dirty: true } : {}), ...shared };
}

/** The checkout of `dir`; without the git CLI, a plain `--dir` plan goes on without a commit rather than fail. */
async function findCheckout(dir: string, optional: boolean, logger: Logger): Promise<LocalCheckout | undefined> {
  try {
    return await findLocalCheckout(dir);
  } catch (err) {
    if (!optional || (err as { code?: unknown }).code !== "SOURCE_GIT_MISSING") throw err;
    logger.warn({ dir }, "git CLI not found: planning the directory without its commit");
    return undefined;
  }
}
