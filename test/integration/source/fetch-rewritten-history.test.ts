import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openConfigRepo } from "../../../src/source/open-config-repo.js";
import { runGit } from "../../helpers/git-cli.js";
import { createFixtureRepo, type FixtureRepo } from "../../helpers/git-fixture-repo.js";
import { startGitHttpServer, type GitHttpServer } from "../../helpers/git-http-server.js";

async function countObjects(dir: string, tip: string, since?: string): Promise<number> {
  const out = await runGit(dir, ["rev-list", "--objects", tip, ...(since === undefined ? [] : [`^${since}`])]);
  return out.split("\n").filter((l) => l !== "").length;
}

/** Distinct objects in a commit's tree, the root tree and the commit itself: what a depth-1 fetch sends. */
async function countTipObjects(dir: string, commit: string): Promise<number> {
  const entries = await runGit(dir, ["ls-tree", "-r", "-t", "--format=%(objectname)", commit]);
  return new Set(entries.split("\n")).size + 2;
}

describe("fetching a ref whose history moved", () => {
  let repo: FixtureRepo;
  let server: GitHttpServer;
  let cacheDir: string;

  beforeAll(async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`stacks/stack-${i}/docker-compose.yml`] = `services:\n  app-${i}: {}\n`;
    repo = await createFixtureRepo([{ message: "initial", files }]);
    // Enough history that pulling all of it would be easy to tell from pulling one tree, and more
    // bytes than an incremental fetch may take: each commit rewrites a 16 KB file that does not compress.
    for (let n = 0; n < 30; n++) {
      const files = { [`stacks/stack-${n % 20}/docker-compose.yml`]: `services:\n  app-${n}: { revision: ${n} }\n`, "etc/noise.txt": randomBytes(12_000).toString("base64") };
      await repo.commit({ message: `change ${n}`, files });
    }
    server = await startGitHttpServer({ repoDir: repo.dir });
    cacheDir = await mkdtemp(path.join(tmpdir(), "phoenix-cache-"));
  });

  afterAll(async () => {
    await server.close();
    await repo.remove();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it("brings only the new commits' objects after several pushes", async () => {
    const config = await openConfigRepo({ url: server.url, cacheDir });
    const before = (await config.fetchRef("main")).commit;
    await repo.commit({ message: "a", files: { "etc/a.json": "1\n" } });
    await repo.commit({ message: "b", files: { "etc/b.json": "2\n" } });
    const after = await repo.commit({ message: "c", files: { "stacks/stack-4/phoenix.json": "{}\n" } });
    const fetched = await config.fetchRef("main");
    expect(fetched.commit).toBe(after);
    expect(fetched.objectCount).toBe(await countObjects(repo.dir, after, before));
    expect(await config.listChangedPaths(before, after)).toEqual([
      { path: "etc/a.json", change: "added" },
      { path: "etc/b.json", change: "added" },
      { path: "stacks/stack-4/phoenix.json", change: "added" },
    ]);
  });

  it("brings only the new commit after a force push onto history it holds", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const config = await openConfigRepo({ url: server.url, cacheDir, logger });
    const before = (await config.fetchRef("main")).commit;
    // The new commit's parent is the old tip's parent, which this cache holds: a rebased pull request.
    await runGit(repo.dir, ["reset", "--quiet", "--hard", "HEAD~1"]);
    const parent = await runGit(repo.dir, ["rev-parse", "HEAD"]);
    const rewritten = await repo.commit({ message: "amended", files: { "etc/amended.json": "{}\n" } });
    const fetched = await config.fetchRef("main");
    expect(fetched.commit).toBe(rewritten);
    expect(fetched.objectCount).toBe(await countObjects(repo.dir, rewritten, parent));
    expect(lines.map((l) => (JSON.parse(l) as { mode?: string }).mode).at(-1)).toBe("incremental");
    expect(await config.listChangedPaths(before, rewritten)).toContainEqual({ path: "etc/amended.json", change: "added" });
    expect(await config.findMergeBase(before, rewritten)).toBe(parent);
  });

  it("fetches a new pull request branch as what it adds to its base branch", async () => {
    const config = await openConfigRepo({ url: server.url, cacheDir });
    const base = (await config.fetchRef("main")).commit;
    await runGit(repo.dir, ["checkout", "--quiet", "-b", "feature"]);
    const head = await repo.commit({ message: "feature", files: { "etc/feature.json": "{}\n" } });
    await runGit(repo.dir, ["checkout", "--quiet", "main"]);
    const fetched = await config.fetchRef("refs/heads/feature", { expect: head, haveRef: "refs/heads/main" });
    expect(fetched.commit).toBe(head);
    expect(fetched.objectCount).toBe(await countObjects(repo.dir, head, base));
    expect(await config.findMergeBase(head, base)).toBe(base);
  });

  it("brings one tree, not the whole history, after a force push onto history older than the cache", async () => {
    const config = await openConfigRepo({ url: server.url, cacheDir });
    const before = (await config.fetchRef("main")).commit;
    // Back past everything this cache fetched (the shallow clone's tip was three commits ago),
    // so the new commit's parent is one the cache never had.
    await runGit(repo.dir, ["reset", "--quiet", "--hard", "HEAD~5"]);
    const rewritten = await repo.commit({ message: "rebased", files: { "etc/rebased.json": "{}\n" } });
    const fetched = await config.fetchRef("main");
    expect(fetched.commit).toBe(rewritten);
    expect(fetched.objectCount).toBeLessThanOrEqual(await countTipObjects(repo.dir, rewritten));
    expect(await countObjects(repo.dir, rewritten)).toBeGreaterThan(2 * (await countTipObjects(repo.dir, rewritten)));
    const changes = await config.listChangedPaths(before, rewritten);
    expect(changes).toContainEqual({ path: "etc/rebased.json", change: "added" });
  });

  it("fetches a new tip dated before the old one as any other (commit times do not bound a fetch)", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const config = await openConfigRepo({ url: server.url, cacheDir, logger });
    await config.fetchRef("main");
    // commitIndex 0 dates the commit at the fixture epoch, before every earlier commit.
    await runGit(repo.dir, ["commit", "--quiet", "--allow-empty", "-m", "dated in the past"], { commitIndex: 0 });
    const pastDated = await runGit(repo.dir, ["rev-parse", "HEAD"]);
    const fetched = await config.fetchRef("main");
    expect(fetched.commit).toBe(pastDated);
    expect(await config.openTree(pastDated).readText("etc/rebased.json")).toBe("{}\n");
    const modes = lines.map((l) => (JSON.parse(l) as { mode?: string }).mode);
    // main had not moved since the previous test: the first fetch only listed the server's refs.
    expect(modes).toEqual(["unmoved", "incremental"]);
  });

  it("fetches a commit the webhook named with one request, without listing the server's refs", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const config = await openConfigRepo({ url: server.url, cacheDir, logger });
    const before = (await config.fetchRef("main")).commit;
    const pushed = await repo.commit({ message: "named", files: { "etc/named.json": "{}\n" } });
    const from = server.requests.length;
    const fetched = await config.fetchRef("refs/heads/main", { expect: pushed });
    expect(fetched.commit).toBe(pushed);
    expect(fetched.objectCount).toBe(await countObjects(repo.dir, pushed, before));
    expect(server.requests.slice(from).map((r) => `${r.method} ${r.url.replace(/^\/[^/]+/, "")} ${r.status}`)).toEqual(["POST /git-upload-pack 200"]);
    expect(lines.map((l) => JSON.parse(l) as { oneRequest?: boolean; mode?: string }).at(-1)).toMatchObject({ oneRequest: true, mode: "incremental" });
    expect(await config.resolveCommit("refs/heads/main")).toBe(pushed);
    expect(await config.openTree(pushed).readText("etc/named.json")).toBe("{}\n");
    expect(await config.findMergeBase(before, pushed)).toBe(before);
  });

  it("fetches a force-pushed pull request head with one request, its old tip and the base offered", async () => {
    const config = await openConfigRepo({ url: server.url, cacheDir });
    const base = (await config.fetchRef("main")).commit;
    await runGit(repo.dir, ["checkout", "--quiet", "-b", "rebased-feature"]);
    const first = await repo.commit({ message: "feature v1", files: { "etc/feature-v1.json": "{}\n" } });
    await config.fetchRef("refs/heads/rebased-feature", { expect: first, haveRef: "refs/heads/main" });
    await runGit(repo.dir, ["reset", "--quiet", "--hard", base]);
    const second = await repo.commit({ message: "feature v2", files: { "etc/feature-v2.json": "{}\n" } });
    await runGit(repo.dir, ["checkout", "--quiet", "main"]);
    const from = server.requests.length;
    const fetched = await config.fetchRef("refs/heads/rebased-feature", { expect: second, haveRef: "refs/heads/main" });
    expect(fetched.commit).toBe(second);
    expect(fetched.objectCount).toBe(await countObjects(repo.dir, second, base));
    expect(server.requests.slice(from).map((r) => r.method)).toEqual(["POST"]);
    expect(await config.findMergeBase(second, base)).toBe(base);
  });

  it("fetches the named commit itself after the ref moved on, while a ref still reaches it", async () => {
    const config = await openConfigRepo({ url: server.url, cacheDir });
    await config.fetchRef("main");
    const named = await repo.commit({ message: "named, then pushed over", files: { "etc/over.json": "1\n" } });
    await repo.commit({ message: "newest", files: { "etc/over.json": "2\n" } });
    const from = server.requests.length;
    // As the stateless protocol allows (the refs may move between two requests): a want reachable from a tip.
    const fetched = await config.fetchRef("refs/heads/main", { expect: named });
    expect(fetched.commit).toBe(named);
    expect(await config.openTree(named).readText("etc/over.json")).toBe("1\n");
    expect(server.requests.slice(from).map((r) => r.method)).toEqual(["POST"]);
  });

  it("falls back to the usual fetch when no ref reaches the named commit any more", async () => {
    const config = await openConfigRepo({ url: server.url, cacheDir });
    await config.fetchRef("main");
    const dropped = await repo.commit({ message: "force-pushed away", files: { "etc/dropped.json": "1\n" } });
    await runGit(repo.dir, ["reset", "--quiet", "--hard", "HEAD~1"]);
    const newest = await repo.commit({ message: "instead", files: { "etc/instead.json": "2\n" } });
    const from = server.requests.length;
    const fetched = await config.fetchRef("refs/heads/main", { expect: dropped });
    // The server refuses the want ("not our ref"); the ref's tip is fetched the usual way instead.
    expect(fetched.commit).toBe(newest);
    expect(server.requests.slice(from).map((r) => `${r.method} ${r.url.replace(/^\/[^/]+/, "").replace(/\?.*/, "")}`)).toEqual([
      "POST /git-upload-pack",
      "GET /info/refs",
      "POST /git-upload-pack",
    ]);
  });

  it("named or not, brings one tree after a force push onto history older than the cache", async () => {
    const config = await openConfigRepo({ url: server.url, cacheDir });
    await config.fetchRef("main");
    await runGit(repo.dir, ["reset", "--quiet", "--hard", "HEAD~8"]);
    const rewritten = await repo.commit({ message: "rebased again", files: { "etc/rebased-again.json": "{}\n" } });
    const fetched = await config.fetchRef("refs/heads/main", { expect: rewritten });
    expect(fetched.commit).toBe(rewritten);
    expect(fetched.objectCount).toBeLessThanOrEqual(await countTipObjects(repo.dir, rewritten));
    // Every file is here: the server did not take the held commits' history beyond the cache's shallow commits for held.
    const tree = config.openTree(rewritten);
    const files = (await runGit(repo.dir, ["ls-tree", "-r", "--name-only", rewritten])).split("\n");
    for (const file of files) expect((await tree.readText(file))?.trimEnd()).toBe(await runGit(repo.dir, ["show", `${rewritten}:${file}`]));
  });
});
