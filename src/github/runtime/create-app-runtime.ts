import type { Logger } from "../../logger.js";
import type { SwarmPort } from "../../swarm/swarm-port.js";
import type { AppRuntime } from "./app-options.js";
import { createDeliveryFilter } from "./delivery-filter.js";
import { createPhoenixMetrics, type PhoenixMetrics } from "./metrics.js";
import { createRunQueue } from "./run-queue.js";
import { readOperatorPolicy, type OperatorPolicy } from "../../trust/operator-policy.js";
import { createSyncAttempts } from "../../reconcile/sync-attempts.js";
import { createPlanReadCache } from "../../pipeline/plan-read-cache.js";

/**
 * How long a pull request plan's readiness probes and live certificate reads
 * stay good: a burst of deliveries reads them once, and a PR plan shows a
 * state at most a minute old (a sync always reads afresh).
 */
const PLAN_READS_TTL_MS = 60_000;

/**
 * How long one swarm connection serves every run: opening one asks the
 * daemon for its API version (~20 ms on a plan's critical path), and an
 * upgraded daemon is renegotiated within this long. A failed open is not kept.
 */
const PORT_REUSE_MS = 60_000;

export interface AppRuntimeOptions {
  readonly logger: Logger;
  readonly openPort: () => Promise<SwarmPort>;
  readonly cacheDir?: string;
  readonly metrics?: PhoenixMetrics;
  /** What the operator allows every repo; default: the `serve` defaults with no environment (no ssh host, no repo command). */
  readonly policy?: OperatorPolicy;
  /** Delivery ids remembered to ignore redeliveries. */
  readonly deliveryCacheSize?: number;
  /** Default: `Date.now`. */
  readonly now?: () => number;
}

export function createAppRuntime(options: AppRuntimeOptions): AppRuntime {
  return {
    logger: options.logger,
    metrics: options.metrics ?? createPhoenixMetrics(),
    queue: createRunQueue(options.logger),
    deliveries: createDeliveryFilter(options.deliveryCacheSize),
    openPort: reusePort(options.openPort, PORT_REUSE_MS, options.now ?? Date.now),
    cacheDir: options.cacheDir,
    policy: options.policy ?? readOperatorPolicy({}, "serve"),
    attempts: createSyncAttempts(),
    planReads: createPlanReadCache({ ttlMs: PLAN_READS_TTL_MS, ...(options.now ? { now: options.now } : {}) }),
    now: options.now ?? Date.now,
  };
}

function reusePort(open: () => Promise<SwarmPort>, reuseMs: number, now: () => number): () => Promise<SwarmPort> {
  let kept: { readonly port: Promise<SwarmPort>; readonly openedAt: number } | undefined;
  return () => {
    if (kept !== undefined && now() - kept.openedAt < reuseMs) return kept.port;
    const port = open();
    const entry = { port, openedAt: now() };
    kept = entry;
    port.catch(() => {
      if (kept === entry) kept = undefined;
    });
    return port;
  };
}
