import type { Logger } from "../logger.js";

/** Why a repository's pass runs. */
export interface ReconcilePass {
  /** The first pass of this process for the repository: look for what a previous process left unfinished. */
  readonly first: boolean;
}

export interface ReconcileLoopOptions<R> {
  /** Every repository to reconcile (the app's installations); listed again every `listEveryMs`. */
  listRepos(): Promise<readonly R[]>;
  keyOf(repo: R): string;
  /** One pass over a repository; returns the seconds until its next (`reconcile.intervalSeconds`, where 0 still means "look again later"). */
  reconcileRepo(repo: R, pass: ReconcilePass): Promise<{ readonly intervalSeconds: number }>;
  /** Repositories with a retry due now: they get a pass before their interval is over. */
  listDueRetries(nowMs: number): readonly string[];
  readonly logger: Logger;
  readonly now?: () => number;
  /** How often the loop looks for due work (cheap: no I/O unless a repository is due); default 1 s. */
  readonly tickMs?: number;
  /** How often the repository list is read again; default one minute. */
  readonly listEveryMs?: number;
  /** Seconds before a repository's first pass tells its own interval; default 180. */
  readonly defaultIntervalSeconds?: number;
  /** Run a first tick at once (default true; tests that move a clock by hand turn it off). */
  readonly runAtStart?: boolean;
}

export interface ReconcileLoop {
  /** Runs a pass for every repository that is due; resolves when they are done. Ticks call it; tests call it with a moved clock. */
  runDue(): Promise<void>;
  stop(): void;
}

/** How long to wait before the next look at a repository whose automatic syncs are suspended (0): settings can turn them on again. */
const SUSPENDED_RECHECK_SECONDS = 180;

/**
 * The one loop for everything time-driven: at start and then every
 * repository's own interval, one pass per repository (what a pass does is the
 * caller's: `reconcileRepo`). Passes of one repository never overlap; a pass
 * that throws is logged and the repository is tried again after its interval.
 */
export function startReconcileLoop<R>(options: ReconcileLoopOptions<R>): ReconcileLoop {
  const now = options.now ?? Date.now;
  const defaultInterval = options.defaultIntervalSeconds ?? 180;
  const listEveryMs = options.listEveryMs ?? 60_000;
  const nextPassMs = new Map<string, number>();
  const busy = new Set<string>();
  let repos: readonly R[] = [];
  let listedAtMs: number | undefined;
  let ticking: Promise<void> | undefined;

  const runPass = async (repo: R): Promise<void> => {
    const key = options.keyOf(repo);
    const first = !nextPassMs.has(key);
    busy.add(key);
    let seconds = defaultInterval;
    try {
      const result = await options.reconcileRepo(repo, { first });
      seconds = result.intervalSeconds === 0 ? SUSPENDED_RECHECK_SECONDS : result.intervalSeconds;
    } catch (err) {
      options.logger.error({ repo: key, err }, "reconcile pass failed");
    } finally {
      busy.delete(key);
      nextPassMs.set(key, now() + seconds * 1000);
    }
  };

  const runDue = async (): Promise<void> => {
    if (listedAtMs === undefined || now() - listedAtMs >= listEveryMs) {
      // Set first: a listing that fails (GitHub down) keeps the last list and is tried again in a minute, not every tick.
      listedAtMs = now();
      repos = await options.listRepos();
    }
    const retries = new Set(options.listDueRetries(now()));
    const due = repos.filter((repo) => {
      const key = options.keyOf(repo);
      if (busy.has(key)) return false;
      return retries.has(key) || (nextPassMs.get(key) ?? -Infinity) <= now();
    });
    await Promise.all(due.map(runPass));
  };

  const tick = () => {
    if (ticking) return;
    ticking = runDue()
      .catch((err: unknown) => options.logger.error({ err }, "reconcile tick failed"))
      .finally(() => (ticking = undefined));
  };
  const timer = setInterval(tick, options.tickMs ?? 1_000);
  timer.unref();
  if (options.runAtStart ?? true) tick();
  return { runDue, stop: () => clearInterval(timer) };
}
