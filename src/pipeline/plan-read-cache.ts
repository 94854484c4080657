import { LRUCache } from "lru-cache";

/**
 * Reads of the live system a pull request's plan repeats for every delivery
 * although they depend only on the trusted ref (readiness probes, the live
 * certificates on their targets): kept for a short while, so a burst of
 * plans does not pay for them each time. Only plans of an untrusted tree use
 * it; a sync always reads afresh.
 */
export interface PlanReadCache {
  /** The value read under `key` less than the cache's lifetime ago, else `read()`'s (a failed read is not kept). */
  remember<T>(key: string, read: () => Promise<T>): Promise<T>;
}

export interface PlanReadCacheOptions {
  /** How long a read stays good. */
  readonly ttlMs: number;
  readonly max?: number;
  readonly now?: () => number;
}

export function createPlanReadCache(options: PlanReadCacheOptions): PlanReadCache {
  const now = options.now ?? Date.now;
  const entries = new LRUCache<string, { readonly at: number; readonly value: Promise<unknown> }>({ max: options.max ?? 256 });
  return {
    remember<T>(key: string, read: () => Promise<T>): Promise<T> {
      const kept = entries.get(key);
      if (kept !== undefined && now() - kept.at < options.ttlMs) return kept.value as Promise<T>;
      // The promise is kept at once: plans that start together share one read.
      const value = read();
      const entry = { at: now(), value };
      entries.set(key, entry);
      value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return value;
    },
  };
}
