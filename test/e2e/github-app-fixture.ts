import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createFixtureRepoFromDirectories, type FixtureRepo } from "../helpers/git-fixture-repo.js";
import { runGit } from "../helpers/git-cli.js";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const WEB_APP_MANIFEST = "stacks/web_app/phoenix.json";
const WEB_APP_COMPOSE = "stacks/web_app/docker-compose.yml";

/** The web service's database password in the fixture: a value the built-in secret rule (`PASS`) masks. */
export const FIXTURE_DB_PASSWORD = "hunter2-fixture-db-password";

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
  /** The web_app manifest with its production LOG_LEVEL and DB_PASSWORD set (the fixture's values for those not given). */
  withWebAppVariables(values: { readonly LOG_LEVEL?: string; readonly DB_PASSWORD?: string }): Record<string, string>;
}

/**
 * The bundled example (etc/ + stacks/) as a git repo whose stacks are
 * namespaced `<prefix>-<stack>` on the shared swarm. Its web service also
 * gets `DB_PASSWORD` (FIXTURE_DB_PASSWORD), so tests can look for a secret value.
 */
export async function createConfigRepoFixture(prefix: string, options: { readonly traefikDir?: string } = {}): Promise<ConfigRepoFixture> {
  const snapshot = await mkdtemp(path.join(os.tmpdir(), "phoenix-gh-snapshot-"));
  await cp(path.join(repoRoot, "etc"), path.join(snapshot, "etc"), { recursive: true });
  await cp(path.join(repoRoot, "stacks"), path.join(snapshot, "stacks"), { recursive: true });
  await addDbPassword(snapshot);
  await mkdir(path.join(snapshot, ".github"), { recursive: true });
  // Traefik's file goes to a local directory when asked (no daemon reads it, so the reload is `true`); the other outputs go nowhere.
  const traefik = options.traefikDir === undefined ? "{ kind: none }" : `{ kind: local, path: ${JSON.stringify(options.traefikDir)}, reload: "true" }`;
  await writeFile(
    path.join(snapshot, ".github", "phoenix.yml"),
    `stackNamespace: "${prefix}-{stack}"\nwait:\n  timeoutSeconds: 90\n  monitorSeconds: 1\ndrift:\n  intervalMinutes: 5\ninfra:\n  targets:\n    dns: { kind: none }\n    firewall: { kind: none }\n    traefik: ${traefik}\n    nginx: { kind: none }\n`,
  );
  const repo = await createFixtureRepoFromDirectories([{ dir: snapshot, message: "config" }]);
  await rm(snapshot, { recursive: true, force: true });
  const manifest = await readFile(path.join(repo.dir, WEB_APP_MANIFEST), "utf8");
  let index = 100;
  const withWebAppVariables: ConfigRepoFixture["withWebAppVariables"] = (values) => {
    const content = manifest
      .replace('"value": "info"', `"value": ${JSON.stringify(values.LOG_LEVEL ?? "info")}`)
      .replace(`"value": "${FIXTURE_DB_PASSWORD}"`, `"value": ${JSON.stringify(values.DB_PASSWORD ?? FIXTURE_DB_PASSWORD)}`);
    return { [WEB_APP_MANIFEST]: content };
  };
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
    withLogLevel: (level) => withWebAppVariables({ LOG_LEVEL: level }),
    withWebAppVariables,
  };
}

/** Declares DB_PASSWORD in web_app's production variables and passes it to the web service's environment. */
async function addDbPassword(snapshot: string): Promise<void> {
  const manifestFile = path.join(snapshot, WEB_APP_MANIFEST);
  const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as { environments: { production: { variables: { name: string; value: string }[] } } };
  manifest.environments.production.variables.push({ name: "DB_PASSWORD", value: FIXTURE_DB_PASSWORD });
  await writeFile(manifestFile, `${JSON.stringify(manifest, null, 4)}\n`);
  const composeFile = path.join(snapshot, WEB_APP_COMPOSE);
  const compose = await readFile(composeFile, "utf8");
  const anchor = "      LOG_LEVEL: ${LOG_LEVEL:-info}\n";
  if (!compose.includes(anchor)) throw new Error(`${WEB_APP_COMPOSE} no longer sets LOG_LEVEL: the fixture cannot add DB_PASSWORD`);
  await writeFile(composeFile, compose.replace(anchor, `${anchor}      DB_PASSWORD: \${DB_PASSWORD:-}\n`));
}
