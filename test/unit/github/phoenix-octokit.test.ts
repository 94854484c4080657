import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPhoenixOctokit, type GitHubRetryOptions } from "../../../src/github/api/phoenix-octokit.js";
import type { GitHubClient } from "../../../src/github/api/repo-ref.js";
import { secondaryRateLimit, startFakeGitHub, type FakeGitHub, type RecordedRequest } from "../../helpers/fake-github/fake-github-server.js";

const INSTALLATION_ID = 7;
const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;

let github: FakeGitHub;
beforeAll(async () => {
  github = await startFakeGitHub();
  // The first request loads the whole api.github.com description into the fake: not in a timed test.
  await fetch(`${github.url}/repos/o/r/statuses/warm-up`, { method: "POST", body: JSON.stringify({ state: "success" }) });
}, 120_000);
afterAll(async () => github.close());

interface LogRecord {
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** The client Phoenix builds, authenticated as installation 7 of the fake GitHub, and what it logged. */
async function createClient(retry: Partial<GitHubRetryOptions> = {}, baseUrl = github.url): Promise<{ octokit: GitHubClient; logs: LogRecord[] }> {
  const logs: LogRecord[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => logs.push(JSON.parse(line) as LogRecord) });
  const Octokit = createPhoenixOctokit({ logger, retry: { retries: 2, baseDelayMs: 10, ...retry } });
  const probot = new Probot({ appId: 1, privateKey, baseUrl, Octokit, log: pino({ level: "silent" }) });
  return { octokit: baseUrl === github.url ? await probot.auth(INSTALLATION_ID) : await probot.auth(), logs };
}

/** The requests the fake answered on `path` since `from`. */
function requestsTo(path: RegExp, from: number): RecordedRequest[] {
  return github.requests.slice(from).filter((r) => path.test(r.path));
}

const setStatus = (octokit: GitHubClient, sha: string) => octokit.request("POST /repos/{owner}/{repo}/statuses/{sha}", { owner: "o", repo: "r", sha, state: "success", context: "phoenix/test" });
const createCheck = (octokit: GitHubClient, sha: string) => octokit.request("POST /repos/{owner}/{repo}/check-runs", { owner: "o", repo: "r", name: "phoenix/test", head_sha: sha });

describe("the GitHub client's retries", () => {
  it("retries server errors with a growing delay, logs each retry and returns the answer", async () => {
    const { octokit, logs } = await createClient();
    const from = github.requests.length;
    github.failNext("POST", /\/statuses\/s1$/, 502);
    github.failNext("POST", /\/statuses\/s1$/, 503);
    await expect(setStatus(octokit, "s1")).resolves.toMatchObject({ status: 201 });
    const sent = requestsTo(/\/statuses\/s1$/, from);
    expect(sent.map((r) => r.status)).toEqual([502, 503, 201]);
    const [first, second, third] = sent.map((r) => r.receivedAt);
    // 10 ms × 1², then 10 ms × 2².
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(9);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(39);
    const retried = logs.filter((l) => l.msg === "github request retried");
    expect(retried.map((l) => [l.status, l.attempt, l.delayMs, l.request])).toEqual([
      [502, 1, 10, "POST /repos/o/r/statuses/s1"],
      [503, 2, 40, "POST /repos/o/r/statuses/s1"],
    ]);
  });

  it("gives up after the last retry with GitHub's error", async () => {
    const { octokit, logs } = await createClient();
    const from = github.requests.length;
    github.failNext("POST", /\/statuses\/s2$/, 502, { times: 3 });
    await expect(setStatus(octokit, "s2")).rejects.toMatchObject({ status: 502 });
    expect(requestsTo(/\/statuses\/s2$/, from).map((r) => r.status)).toEqual([502, 502, 502]);
    expect(logs.filter((l) => l.msg === "github request retried")).toHaveLength(2);
  });

  it("retries a request that got no answer at all", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { octokit, logs } = await createClient({}, `http://127.0.0.1:${port}`);
    await expect(octokit.request("GET /app")).rejects.toMatchObject({ status: 500 });
    expect(logs.filter((l) => l.msg === "github request retried").map((l) => l.attempt)).toEqual([1, 2]);
  });

  it("does not retry a client error, nor a 403 that is a missing permission", async () => {
    const { octokit, logs } = await createClient();
    for (const [status, message] of [
      [403, "Resource not accessible by integration"],
      [404, "Not Found"],
      [422, "Validation Failed"],
    ] as const) {
      const from = github.requests.length;
      github.failNext("POST", /\/statuses\/s3$/, status, { message });
      await expect(setStatus(octokit, "s3")).rejects.toMatchObject({ status });
      expect(requestsTo(/\/statuses\/s3$/, from).map((r) => r.status)).toEqual([status]);
    }
    expect(logs.filter((l) => l.msg.startsWith("github request"))).toEqual([]);
  });
});

describe("the GitHub client's rate limits", () => {
  it("waits a secondary rate limit out as long as retry-after asks", async () => {
    const { octokit, logs } = await createClient();
    const from = github.requests.length;
    github.failNext("POST", /\/check-runs$/, 403, secondaryRateLimit(1));
    await expect(createCheck(octokit, "c1")).resolves.toMatchObject({ status: 201 });
    const sent = requestsTo(/\/check-runs$/, from);
    expect(sent.map((r) => r.status)).toEqual([403, 201]);
    expect((sent[1]?.receivedAt ?? 0) - (sent[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(logs.find((l) => l.msg === "github request retried")).toMatchObject({ limit: "secondary", retryAfterSeconds: 1, request: "POST /repos/{owner}/{repo}/check-runs" });
  });

  it("waits a used-up primary rate limit out until its reset, a 429 as a 403", async () => {
    const { octokit } = await createClient();
    const from = github.requests.length;
    const reset = String(Math.floor(Date.now() / 1000));
    github.failNext("POST", /\/statuses\/s4$/, 429, { headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }, message: "API rate limit exceeded for installation ID 7." });
    await expect(setStatus(octokit, "s4")).resolves.toMatchObject({ status: 201 });
    expect(requestsTo(/\/statuses\/s4$/, from).map((r) => r.status)).toEqual([429, 201]);
  });

  it("fails at once, never retrying blind, when GitHub asks for a wait longer than the longest accepted", async () => {
    const { octokit, logs } = await createClient({ maxRateLimitWaitMs: 1000 });
    const from = github.requests.length;
    github.failNext("POST", /\/check-runs$/, 429, secondaryRateLimit(3600));
    const started = performance.now();
    await expect(createCheck(octokit, "c2")).rejects.toMatchObject({ status: 429 });
    expect(performance.now() - started).toBeLessThan(500);
    expect(requestsTo(/\/check-runs$/, from)).toHaveLength(1);
    expect(logs.map((l) => l.msg)).toEqual(["github request not retried: wait too long"]);
  });

  it("takes a secondary rate limit without retry-after as a minute's wait", async () => {
    const { octokit, logs } = await createClient({ maxRateLimitWaitMs: 30_000 });
    const from = github.requests.length;
    github.failNext("POST", /\/check-runs$/, 403, { message: "You have exceeded a secondary rate limit." });
    await expect(createCheck(octokit, "c4")).rejects.toMatchObject({ status: 403 });
    expect(requestsTo(/\/check-runs$/, from)).toHaveLength(1);
    expect(logs.find((l) => l.msg === "github request not retried: wait too long")).toMatchObject({ limit: "secondary", retryAfterSeconds: 60, maxDelayMs: 30_000 });
  });

  it("waits a rate limit out only so many times", async () => {
    const { octokit, logs } = await createClient({ rateLimitRetries: 1 });
    const from = github.requests.length;
    github.failNext("POST", /\/check-runs$/, 403, secondaryRateLimit(1, 2));
    await expect(createCheck(octokit, "c3")).rejects.toMatchObject({ status: 403 });
    expect(requestsTo(/\/check-runs$/, from).map((r) => r.status)).toEqual([403, 403]);
    expect(logs.map((l) => l.msg)).toEqual(["github request retried", "github request not retried: rate limit retries used up"]);
  });

  it("does not space writes: comments and statuses go out back to back", async () => {
    const { octokit } = await createClient();
    const from = github.requests.length;
    // The throttle's defaults would hold each comment 3 s after the previous one, each status 1 s.
    for (let i = 0; i < 4; i += 1) {
      await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "o", repo: "r", issue_number: 9, body: `comment ${i}` });
      await setStatus(octokit, `s5-${i}`);
    }
    const writes = github.requests.slice(from).filter((r) => r.method === "POST" && !r.path.includes("access_tokens"));
    expect(writes).toHaveLength(8);
    expect((writes.at(-1)?.receivedAt ?? 0) - (writes[0]?.receivedAt ?? 0)).toBeLessThan(900);
  });
});

describe("the installation token", () => {
  it("is asked of the configured GitHub (Enterprise's base URL), also when taken straight from auth() with a cold cache", async () => {
    const { octokit } = await createClient();
    const from = github.requests.length;
    const auth = (await octokit.auth({ type: "installation" })) as { token?: string };
    expect(auth.token).toBe(github.state.token);
    expect(requestsTo(/\/app\/installations\/7\/access_tokens$/, from)).toHaveLength(1);
  });
});
