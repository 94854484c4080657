import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/** A certificate's failed issuances: when it may be tried again, and why it failed last. */
export interface BackoffEntry {
  readonly failures: number;
  /** ISO 8601. */
  readonly lastFailure: string;
  /** ISO 8601: no new attempt before then, unless an operator asks (`phoenix certs renew`). */
  readonly retryAfter: string;
  readonly reason: string;
}

/** Where failed issuances are remembered between runs (one key per common name). */
export interface BackoffStore {
  get(name: string): Promise<BackoffEntry | undefined>;
  recordFailure(name: string, reason: string, now: Date, retryAfterSeconds?: number): Promise<BackoffEntry>;
  clear(name: string): Promise<void>;
}

/** cert-manager's schedule: an hour after the first failure, doubling up to 32 hours. */
export const FIRST_BACKOFF_MS = 3_600_000;
export const MAX_BACKOFF_MS = 32 * 3_600_000;

export function nextRetry(failures: number, now: Date, retryAfterSeconds?: number): Date {
  const backoff = Math.min(FIRST_BACKOFF_MS * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);
  // A CA's Retry-After is a floor, never a way to retry sooner than the schedule.
  const wait = Math.max(backoff, (retryAfterSeconds ?? 0) * 1000);
  return new Date(now.getTime() + wait);
}

/** Kept in memory only: `phoenix serve` keeps it for its life, tests start empty. */
export function createMemoryBackoffStore(): BackoffStore {
  const entries = new Map<string, BackoffEntry>();
  return {
    async get(name) {
      return entries.get(name);
    },
    async recordFailure(name, reason, now, retryAfterSeconds) {
      const failures = (entries.get(name)?.failures ?? 0) + 1;
      const entry = { failures, lastFailure: now.toISOString(), retryAfter: nextRetry(failures, now, retryAfterSeconds).toISOString(), reason };
      entries.set(name, entry);
      return entry;
    },
    async clear(name) {
      entries.delete(name);
    },
  };
}

/**
 * A JSON file in the operator's state directory, so that a CLI run after a
 * failed one waits as `phoenix serve` would. An unreadable file counts as
 * empty: forgetting a backoff costs one early retry, nothing else.
 */
export function createFileBackoffStore(file: string): BackoffStore {
  const load = async (): Promise<Record<string, BackoffEntry>> => {
    try {
      const value: unknown = JSON.parse(await readFile(file, "utf8"));
      return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, BackoffEntry>) : {};
    } catch {
      return {};
    }
  };
  const save = async (entries: Record<string, BackoffEntry>) => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(entries, null, 2) + "\n", { mode: 0o600 });
    await rename(tmp, file);
  };
  return {
    async get(name) {
      return (await load())[name];
    },
    async recordFailure(name, reason, now, retryAfterSeconds) {
      const entries = await load();
      const failures = (entries[name]?.failures ?? 0) + 1;
      const entry = { failures, lastFailure: now.toISOString(), retryAfter: nextRetry(failures, now, retryAfterSeconds).toISOString(), reason };
      await save({ ...entries, [name]: entry });
      return entry;
    },
    async clear(name) {
      const entries = await load();
      if (!(name in entries)) return;
      const { [name]: _cleared, ...rest } = entries;
      await save(rest);
    },
  };
}
