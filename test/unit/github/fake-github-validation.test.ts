import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../../helpers/fake-github/fake-github-server.js";

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
  it("accepts a well-formed commit status and records it", { timeout: 30_000 }, async () => {
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
