import { describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { readRequestedDelayMs, retryRequest } from "../../../src/github/api/retry-request.js";

const logger = createSilentLogger();

/** An error shaped like Octokit's RequestError: `status`, and the response's headers. */
function httpError(status: number, message: string, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(message), { status, response: { status, headers, data: { message } } });
}

/** A request that fails with `errors` in turn, then answers "ok"; counts its calls and their times. */
function flakyRequest(errors: readonly Error[]) {
  const calls: number[] = [];
  const send = () => {
    calls.push(performance.now());
    const error = errors[calls.length - 1];
    return error === undefined ? Promise.resolve("ok") : Promise.reject(error);
  };
  return { send, calls };
}

describe("retryRequest", () => {
  it("retries server errors with a doubling delay and returns the answer", async () => {
    const flaky = flakyRequest([httpError(502, "bad gateway"), httpError(503, "unavailable")]);
    await expect(retryRequest("x", flaky.send, { attempts: 5, baseDelayMs: 20 }, logger)).resolves.toBe("ok");
    expect(flaky.calls).toHaveLength(3);
    const [first = 0, second = 0, third = 0] = flaky.calls;
    expect(second - first).toBeGreaterThanOrEqual(19);
    expect(third - second).toBeGreaterThanOrEqual(39);
  });

  it("gives up after the last attempt with GitHub's error", async () => {
    const flaky = flakyRequest([httpError(502, "one"), httpError(502, "two"), httpError(502, "three")]);
    await expect(retryRequest("x", flaky.send, { attempts: 3, baseDelayMs: 1 }, logger)).rejects.toThrow("three");
    expect(flaky.calls).toHaveLength(3);
  });

  it("does not retry a client error, nor a 403 that is a missing permission", async () => {
    for (const error of [httpError(404, "Not Found"), httpError(422, "Validation Failed"), httpError(403, "Resource not accessible by integration")]) {
      const flaky = flakyRequest([error]);
      await expect(retryRequest("x", flaky.send, { attempts: 5, baseDelayMs: 1 }, logger)).rejects.toBe(error);
      expect(flaky.calls).toHaveLength(1);
    }
  });

  it("waits as long as a secondary rate limit's retry-after asks, longer than its own backoff", async () => {
    const limited = httpError(403, "You have exceeded a secondary rate limit", { "retry-after": "0.3" });
    const flaky = flakyRequest([limited]);
    await expect(retryRequest("x", flaky.send, { attempts: 3, baseDelayMs: 1 }, logger)).resolves.toBe("ok");
    const [first = 0, second = 0] = flaky.calls;
    expect(second - first).toBeGreaterThanOrEqual(299);
  });

  it("retries a 429 and a 403 whose primary limit is used up", async () => {
    const reset = String(Math.floor(Date.now() / 1000));
    const flaky = flakyRequest([httpError(429, "Too Many Requests"), httpError(403, "API rate limit exceeded", { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset })]);
    await expect(retryRequest("x", flaky.send, { attempts: 3, baseDelayMs: 1 }, logger)).resolves.toBe("ok");
    expect(flaky.calls).toHaveLength(3);
  });

  it("does not wait beyond maxDelayMs: a limit that resets in an hour fails now", async () => {
    const limited = httpError(403, "You have exceeded a secondary rate limit", { "retry-after": "3600" });
    const flaky = flakyRequest([limited]);
    const started = performance.now();
    await expect(retryRequest("x", flaky.send, { attempts: 5, baseDelayMs: 1, maxDelayMs: 1000 }, logger)).rejects.toBe(limited);
    expect(flaky.calls).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("readRequestedDelayMs", () => {
  it("reads retry-after seconds, else the wait until x-ratelimit-reset when none are left", () => {
    expect(readRequestedDelayMs({ "retry-after": "60" }, 0)).toBe(60_000);
    expect(readRequestedDelayMs({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1000" }, 990_000)).toBe(10_000);
    expect(readRequestedDelayMs({ "x-ratelimit-remaining": "12", "x-ratelimit-reset": "1000" }, 990_000)).toBeUndefined();
    expect(readRequestedDelayMs({}, 0)).toBeUndefined();
  });
});
