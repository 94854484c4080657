import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFileBackoffStore, createMemoryBackoffStore, nextRetry } from "../../../src/certs/issuance-backoff.js";

const HOUR = 3_600_000;
const now = new Date("2026-01-01T00:00:00Z");
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("the issuance backoff", () => {
  it("waits an hour after the first failure, doubling up to 32 hours, and never less than the CA's Retry-After", () => {
    expect([1, 2, 3, 6, 7, 12].map((n) => (nextRetry(n, now).getTime() - now.getTime()) / HOUR)).toEqual([1, 2, 4, 32, 32, 32]);
    expect((nextRetry(1, now, 7200).getTime() - now.getTime()) / HOUR).toBe(2);
    expect((nextRetry(3, now, 60).getTime() - now.getTime()) / HOUR).toBe(4);
  });

  it("counts failures per certificate and forgets them after a success", async () => {
    const store = createMemoryBackoffStore();
    await store.recordFailure("a.example.test", "rate limited", now);
    const second = await store.recordFailure("a.example.test", "rate limited", now);
    expect(second).toMatchObject({ failures: 2, retryAfter: "2026-01-01T02:00:00.000Z", reason: "rate limited" });
    expect(await store.get("b.example.test")).toBeUndefined();
    await store.clear("a.example.test");
    expect(await store.get("a.example.test")).toBeUndefined();
  });

  it("survives the process in a private file, and reads a damaged file as empty", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "phoenix-backoff-"));
    dirs.push(dir);
    const file = path.join(dir, "state", "certificate-backoff.json");
    await createFileBackoffStore(file).recordFailure("a.example.test", "challenge failed", now, 30);
    expect(await createFileBackoffStore(file).get("a.example.test")).toMatchObject({ failures: 1, retryAfter: "2026-01-01T01:00:00.000Z" });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, "utf8"))).toHaveProperty(["a.example.test", "reason"], "challenge failed");
    await writeFile(file, "{ not json");
    expect(await createFileBackoffStore(file).get("a.example.test")).toBeUndefined();
  });
});
