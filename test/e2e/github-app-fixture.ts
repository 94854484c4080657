import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createFixtureRepoFromDirectories, type FixtureRepo } from "../helpers/git-fixture-repo.js";
import { runGit } from "../helpers/git-cli.js";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const WEB_APP_MANIFEST = "stacks/web_app/phoenix.json";

export interface ConfigRepoFixture {
  readonly repo: FixtureRepo;
  /** The bundled example's web_app manifest, to derive commits from. */
  readonly manifest: string;
  /** Commits `files` on a branch (created from `from`) without moving the checked-out branch. */
  commitOnBranch(branch: string, from: string, files: Readonly<Record<string, string>>, message: string): Promise<string>;
  /** Points a ref (`refs/heads/main`, `refs/pull/7/head`) at a commit. */
  setRef(ref: string, commit: string): Promise<void>;
  /** The web_app manifest with its production LOG_LEVEL set to `level`. */
  withLogLevel(level: string): Record<string, string>;
}

/** The bundled example (etc/ + stacks/) as a git repo whose stacks are namespaced `<prefix>-<stack>` on the shared swarm. */
export async function createConfigRepoFixture(prefix: string): Promise<ConfigRepoFixture> {
  const snapshot = await mkdtemp(path.join(os.tmpdir(), "phoenix-gh-snapshot-"));
  await cp(path.join(repoRoot, "etc"), path.join(snapshot, "etc"), { recursive: true });
  await cp(path.join(repoRoot, "stacks"), path.join(snapshot, "stacks"), { recursive: true });
  await mkdir(path.join(snapshot, ".github"), { recursive: true });
  await writeFile(path.join(snapshot, ".github", "phoenix.yml"), `stackNamespace: "${prefix}-{stack}"\nwait:\n  timeoutSeconds: 90\n  monitorSeconds: 1\ndrift:\n  intervalMinutes: 5\ninfra:\n  targets:\n    dns: { kind: none }\n    firewall: { kind: none }\n    traefik: { kind: none }\n    nginx: { kind: none }\n`);
  const repo = await createFixtureRepoFromDirectories([{ dir: snapshot, message: "config" }]);
  await rm(snapshot, { recursive: true, force: true });
  const manifest = await readFile(path.join(repo.dir, WEB_APP_MANIFEST), "utf8");
  let index = 100;
  return {
    repo,
    manifest,
    async commitOnBranch(branch, from, files, message) {
      const worktree = await mkdtemp(path.join(os.tmpdir(), "phoenix-gh-worktree-"));
      await runGit(repo.dir, ["worktree", "add", "--quiet", "--detach", worktree, from]);
      for (const [file, content] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(worktree, file)), { recursive: true });
        await writeFile(path.join(worktree, file), content);
      }
      await runGit(worktree, ["add", "--all"]);
      await runGit(worktree, ["commit", "--quiet", "--no-verify", "-m", message], { commitIndex: index++ });
      const sha = await runGit(worktree, ["rev-parse", "HEAD"]);
      await runGit(repo.dir, ["worktree", "remove", "--force", worktree]);
      await runGit(repo.dir, ["update-ref", `refs/heads/${branch}`, sha]);
      return sha;
    },
    async setRef(ref, commit) {
      await runGit(repo.dir, ["update-ref", ref, commit]);
    },
    withLogLevel(level) {
      return { [WEB_APP_MANIFEST]: manifest.replace('"value": "info"', `"value": "${level}"`) };
    },
  };
}
