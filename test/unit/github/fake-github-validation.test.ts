import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secondaryRateLimit, startFakeGitHub, type FakeGitHub } from "../../helpers/fake-github/fake-github-server.js";

let github: FakeGitHub;
beforeAll(async () => (github = await startFakeGitHub()));
afterAll(async () => github.close());

async function send(method: string, path: string, body?: unknown): Promise<number> {
  const res = await fetch(`${github.url}${path}`, { method, headers: { "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  await res.text();
  return res.status;
}

describe("the fake GitHub checks requests against @octokit/openapi", () => {
  // The first request loads the whole api.github.com description.
  it("accepts a well-formed commit status and records it", { timeout: 120_000 }, async () => {
    expect(await send("POST", "/repos/o/r/statuses/abc", { state: "success", context: "phoenix/sync", description: "ok" })).toBe(201);
    expect(github.state.statuses).toHaveLength(1);
    expect(github.violations).toEqual([]);
  });

  it("flags a missing required property, a wrong type and an unknown route", async () => {
    await send("POST", "/repos/o/r/check-runs", { head_sha: "abc" });
    await send("POST", "/repos/o/r/issues/1/comments", { body: 42 });
    await send("POST", "/repos/o/r/no-such-thing", {});
    expect(github.violations).toEqual([
      "POST /repos/o/r/check-runs: checks/create: missing required property name",
      "POST /repos/o/r/issues/1/comments: issues/create-comment: property body has the wrong type (number)",
      "POST /repos/o/r/no-such-thing: no such operation in api.github.com",
    ]);
  });
});

describe("the fake GitHub's injected failures", () => {
  it("answers the next matching requests with the failure, then normally; others are untouched", async () => {
    github.failNext("POST", /\/statuses\/f1$/, 502, { times: 2 });
    expect(await send("POST", "/repos/o/r/statuses/other", { state: "success", context: "c" })).toBe(201);
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push(await send("POST", "/repos/o/r/statuses/f1", { state: "success", context: "c" }));
    expect(statuses).toEqual([502, 502, 201]);
    expect(github.state.statuses.filter((s) => s.sha === "f1")).toHaveLength(1);
    expect(github.requests.filter((r) => r.path.endsWith("/f1")).map((r) => r.status)).toEqual([502, 502, 201]);
  });

  it("sends a secondary rate limit as GitHub does: 403, retry-after and its message", async () => {
    github.failNext("POST", /\/check-runs$/, 403, secondaryRateLimit(7));
    const res = await fetch(`${github.url}/repos/o/r/check-runs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "n", head_sha: "abc" }) });
    expect(res.status).toBe(403);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(((await res.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    const recorded = github.requests.at(-1);
    expect(recorded).toMatchObject({ operationId: "checks/create", status: 403 });
    expect(Math.abs((recorded?.receivedAt ?? 0) - Date.now())).toBeLessThan(5_000);
  });
});
