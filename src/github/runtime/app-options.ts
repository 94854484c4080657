import type { Logger } from "../../logger.js";
import type { SwarmPort } from "../../swarm/swarm-port.js";
import type { DeliveryFilter } from "./delivery-filter.js";
import type { PhoenixMetrics } from "./metrics.js";
import type { RunQueue } from "./run-queue.js";
import type { OperatorPolicy } from "../../trust/operator-policy.js";
import type { SyncAttempts } from "../../reconcile/sync-attempts.js";
import type { PlanReadCache } from "../../pipeline/plan-read-cache.js";

/** What the handlers share: built once per process by `createAppRuntime`. */
export interface AppRuntime {
  readonly logger: Logger;
  readonly metrics: PhoenixMetrics;
  readonly queue: RunQueue;
  readonly deliveries: DeliveryFilter;
  /** The Swarm manager plans read and syncs write. */
  readonly openPort: () => Promise<SwarmPort>;
  /** Root of the config-repo caches (default `~/.cache/phoenix/repos`). */
  readonly cacheDir: string | undefined;
  /** What the operator allows every repo, its default branch included (docs/security.md). */
  readonly policy: OperatorPolicy;
  /** The newest sync of each repository and its attempts (retries with backoff, then left failed). */
  readonly attempts: SyncAttempts;
  /** Readiness probes and live certificates of pull request plans, per trusted commit, kept a minute. */
  readonly planReads: PlanReadCache;
  /** The clock of retries and health checks (tests move it by hand). */
  readonly now: () => number;
}
