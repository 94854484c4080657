import { setTimeout as sleep } from "node:timers/promises";

export interface WaitForOptions {
  /** What is awaited, for the timeout message ("service web running"). */
  readonly description: string;
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * Polls `probe` until it returns a value other than undefined, and returns it.
 * Bounded: throws after `timeoutMs` with the description and the last value
 * `describe` made of the state, so a failing test says what it saw.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  options: WaitForOptions & { readonly describe?: () => Promise<string> },
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 200;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) {
      const seen = options.describe ? `; last seen: ${await options.describe()}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.description}${seen}`);
    }
    await sleep(intervalMs);
  }
}
