import type { Probot } from "probot";
import { startReconcileLoop, type ReconcileLoop } from "../../reconcile/reconcile-loop.js";
import type { AppRuntime } from "../runtime/app-options.js";
import { createReconcileMemory, reconcileRepo, type InstalledRepo } from "./reconcile-repo.js";
import { formatRepoKey, type GitHubClient } from "../api/repo-ref.js";

export interface AppReconcileLoopOptions {
  /** How often the loop looks for due repositories; default 1 s. */
  readonly tickMs?: number;
  /** Run the first pass at once (default true). */
  readonly runAtStart?: boolean;
}

/**
 * The app's one loop for everything time-driven, over every repository the
 * app is installed on: missed pushes, interrupted syncs, retries, health
 * checks and self-heal, certificate renewals (`reconcileRepo`).
 */
export function startAppReconcileLoop(probot: Probot, runtime: AppRuntime, options: AppReconcileLoopOptions = {}): ReconcileLoop {
  const memory = createReconcileMemory();
  return startReconcileLoop<InstalledRepo>({
    listRepos: () => listInstalledRepos(probot),
    keyOf: (repo) => formatRepoKey(repo.ref),
    reconcileRepo: (repo, pass) => reconcileRepo(repo, pass, runtime, memory),
    listDueRetries: (nowMs) => runtime.attempts.listDueRetries(nowMs),
    logger: runtime.logger,
    now: runtime.now,
    ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
    ...(options.runAtStart === undefined ? {} : { runAtStart: options.runAtStart }),
  });
}

async function listInstalledRepos(probot: Probot): Promise<InstalledRepo[]> {
  const appOctokit = await probot.auth();
  const installations = await appOctokit.paginate("GET /app/installations", { per_page: 100 });
  const repos: InstalledRepo[] = [];
  for (const installation of installations) {
    const octokit: GitHubClient = await probot.auth(installation.id);
    const repositories = await octokit.paginate("GET /installation/repositories", { per_page: 100 });
    for (const repository of repositories) {
      repos.push({
        octokit,
        ref: { owner: repository.owner.login, repo: repository.name, installationId: installation.id, cloneUrl: repository.clone_url, defaultBranch: repository.default_branch },
      });
    }
  }
  return repos;
}
