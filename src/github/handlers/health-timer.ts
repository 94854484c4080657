import type { Probot } from "probot";
import { createRunLogger } from "../../logger.js";
import type { AppRuntime } from "../runtime/app-options.js";
import { checkRepoHealth } from "./check-repo-health.js";
import { formatRepoKey, type GitHubClient, type RepoRef } from "../api/repo-ref.js";

export interface HealthTimer {
  /** Checks every installed repository whose interval has elapsed; resolves when they are done. */
  checkDueRepos(): Promise<void>;
  stop(): void;
}

export interface HealthTimerOptions {
  /** How often to look for due repositories; default one minute. */
  readonly tickMs?: number;
  readonly now?: () => number;
}

/** Interval before a repository's settings are known (the settings default). */
const DEFAULT_INTERVAL_MINUTES = 15;

/**
 * The drift timer: every tick, each repository the app is installed on whose
 * `drift.intervalMinutes` has elapsed is compared with its default branch,
 * queued like any other run of that repository.
 */
export function startHealthTimer(probot: Probot, runtime: AppRuntime, options: HealthTimerOptions = {}): HealthTimer {
  const now = options.now ?? Date.now;
  const schedule = new Map<string, { lastMs: number; intervalMinutes: number }>();
  let checking: Promise<void> | undefined;

  const checkDueRepos = async (): Promise<void> => {
    const appOctokit = await probot.auth();
    const installations = await appOctokit.paginate("GET /app/installations", { per_page: 100 });
    const runs: Promise<void>[] = [];
    for (const installation of installations) {
      const octokit: GitHubClient = await probot.auth(installation.id);
      const repositories = await octokit.paginate("GET /installation/repositories", { per_page: 100 });
      for (const repository of repositories) {
        const ref: RepoRef = {
          owner: repository.owner.login,
          repo: repository.name,
          installationId: installation.id,
          cloneUrl: repository.clone_url,
          defaultBranch: repository.default_branch,
        };
        const key = formatRepoKey(ref);
        const entry = schedule.get(key);
        const intervalMinutes = entry?.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES;
        // Checks turned off (0) still read the settings at the default pace, so turning them on again takes effect.
        const waitMinutes = intervalMinutes === 0 ? DEFAULT_INTERVAL_MINUTES : intervalMinutes;
        if (entry && now() - entry.lastMs < waitMinutes * 60_000) continue;
        schedule.set(key, { lastMs: now(), intervalMinutes });
        const logger = createRunLogger(runtime.logger, `health-${key}-${now()}`, { repo: key });
        runs.push(
          runtime.queue.enqueueRun(key, async () => {
            try {
              const check = await checkRepoHealth(octokit, ref, runtime, logger);
              schedule.set(key, { lastMs: now(), intervalMinutes: check.intervalMinutes });
            } catch (err) {
              runtime.metrics.failures.inc({ kind: "drift" });
              logger.error({ err }, "health check failed");
            }
          }),
        );
      }
    }
    await Promise.all(runs);
  };

  const tick = () => {
    if (checking) return;
    checking = checkDueRepos()
      .catch((err: unknown) => runtime.logger.error({ err }, "health tick failed"))
      .finally(() => (checking = undefined));
  };
  const timer = setInterval(tick, options.tickMs ?? 60_000);
  timer.unref();
  return { checkDueRepos, stop: () => clearInterval(timer) };
}
