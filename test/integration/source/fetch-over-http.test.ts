import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openConfigRepo } from "../../../src/source/open-config-repo.js";
import { hashRepoUrl } from "../../../src/source/repo-location.js";
import { runGit } from "../../helpers/git-cli.js";
import { listGitChanges } from "../../helpers/git-diff.js";
import { createFixtureRepo, type FixtureRepo } from "../../helpers/git-fixture-repo.js";
import { startGitHttpServer, type GitHttpServer } from "../../helpers/git-http-server.js";

/** Objects reachable from `tip` but not from `since` (all of them without `since`), as git counts them. */
async function countObjects(dir: string, tip: string, since?: string): Promise<number> {
  const out = await runGit(dir, ["rev-list", "--objects", tip, ...(since === undefined ? [] : [`^${since}`])]);
  return out.split("\n").filter((l) => l !== "").length;
}

/** Bytes the server sent in answer to pack requests since request number `from`. */
function packBytesServed(server: GitHttpServer, from: number): number {
  return server.requests
    .slice(from)
    .filter((r) => r.method === "POST" && r.url.endsWith("/git-upload-pack"))
    .reduce((sum, r) => sum + r.bodyBytes, 0);
}

describe("openConfigRepo over smart HTTP (git http-backend)", () => {
  let repo: FixtureRepo;
  let server: GitHttpServer;
  let cacheDir: string;

  beforeAll(async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) {
      files[`stacks/stack-${i}/docker-compose.yml`] = `services:\n  app-${i}:\n    image: registry.example/app-${i}:1\n`;
      files[`stacks/stack-${i}/phoenix.json`] = `{ "stack": ${i} }\n`;
    }
    repo = await createFixtureRepo([
      { message: "initial", files: { ...files, "etc/vms.json": '{ "vms": [] }\n' } },
      { message: "second", files: { "stacks/stack-1/phoenix.json": '{ "stack": 1, "replicas": 2 }\n' } },
      { message: "third", files: { "etc/dns.json": "[]\n" } },
    ]);
    await repo.tag("v1", { commit: repo.commits[1] as string, message: "release 1" });
    await runGit(repo.dir, ["update-ref", "refs/pull/7/head", repo.commits[0] as string]);
    server = await startGitHttpServer({ repoDir: repo.dir });
    cacheDir = await mkdtemp(path.join(tmpdir(), "phoenix-cache-"));
  });

  afterAll(async () => {
    await server.close();
    await repo.remove();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it("clones shallowly, then fetches only the new objects, and the cache survives a restart", async () => {
    const first = await openConfigRepo({ url: server.url, cacheDir });
    expect(first).toMatchObject({ kind: "remote", description: server.url, workdir: undefined });
    expect(first.gitdir).toBe(path.join(cacheDir, hashRepoUrl(server.url)));

    const tip = repo.commits.at(-1) as string;
    const requestsBefore = server.requests.length;
    const cloned = await first.fetchRef("main");
    expect(cloned).toMatchObject({ ref: "refs/heads/main", commit: tip });
    // Depth 1: the tip commit, its root tree and everything below it; nothing of the older commits.
    const entries = (await runGit(repo.dir, ["ls-tree", "-r", "-t", "--format=%(objectname)", tip])).split("\n");
    expect(cloned.objectCount).toBe(new Set(entries).size + 2);
    expect(cloned.objectCount).toBeLessThan(await countObjects(repo.dir, tip));
    expect((await readFile(path.join(first.gitdir, "shallow"), "utf8")).trim()).toBe(tip);
    const cloneBytes = packBytesServed(server, requestsBefore);

    const next = await repo.commit({ message: "fourth", files: { "stacks/stack-3/phoenix.json": '{ "stack": 3, "paused": true }\n' } });
    // A new instance on the same cache directory: what a restart sees.
    const restarted = await openConfigRepo({ url: server.url, cacheDir });
    expect(await restarted.resolveCommit("main")).toBe(tip);
    const requestsBeforeUpdate = server.requests.length;
    const updated = await restarted.fetchRef("main");
    expect(updated.commit).toBe(next);
    // Commit, root tree, stacks/, stacks/stack-3/ and the one new blob.
    expect(updated.objectCount).toBe(await countObjects(repo.dir, next, tip));
    expect(updated.objectCount).toBe(5);
    expect(packBytesServed(server, requestsBeforeUpdate)).toBeLessThan(cloneBytes / 4);

    expect(await restarted.listChangedPaths(tip, next)).toEqual(await listGitChanges(repo.dir, tip, next));
    expect(await restarted.openTree(next).readText("stacks/stack-3/phoenix.json")).toBe('{ "stack": 3, "paused": true }\n');
    expect(await restarted.openTree(tip).readText("stacks/stack-3/phoenix.json")).toBe('{ "stack": 3 }\n');

    const again = await restarted.fetchRef("main");
    expect(again).toMatchObject({ commit: next, objectCount: 0 });
  });

  it("reads every file of a fetched commit as git show does", async () => {
    const config = await openConfigRepo({ url: server.url, cacheDir });
    const { commit } = await config.fetchRef("main");
    const tree = config.openTree(commit);
    for (const file of ["etc/vms.json", "etc/dns.json", "stacks/stack-29/docker-compose.yml"]) {
      expect(await tree.readText(file)).toBe(`${await runGit(repo.dir, ["show", `${commit}:${file}`])}\n`);
    }
    expect((await tree.listDir("stacks")).length).toBe(30);
  });

  it("fetches an annotated tag (peeled) and a pull request ref", async () => {
    const config = await openConfigRepo({ url: server.url, cacheDir });
    const [pr, tag] = await Promise.all([config.fetchRef("refs/pull/7/head"), config.fetchRef("v1")]);
    expect(pr).toMatchObject({ ref: "refs/pull/7/head", commit: repo.commits[0] });
    expect(tag).toMatchObject({ ref: "refs/tags/v1", commit: repo.commits[1] });
    expect(await config.resolveCommit("v1")).toBe(repo.commits[1]);
    expect(await config.openTree(pr.commit).readText("etc/dns.json")).toBeUndefined();
  });

  it("fetches the remote's default branch as HEAD, incrementally the second time", async () => {
    const config = await openConfigRepo({ url: server.url, cacheDir: await mkdtemp(path.join(cacheDir, "head-")) });
    const head = await config.fetchRef("HEAD");
    expect(head.commit).toBe(repo.commits.at(-1));
    expect(await config.resolveCommit("HEAD")).toBe(head.commit);
    const next = await repo.commit({ message: "fifth", files: { "etc/vms.json": '{ "vms": ["a"] }\n' } });
    const second = await config.fetchRef("HEAD");
    expect(second.commit).toBe(next);
    expect(second.objectCount).toBe(await countObjects(repo.dir, next, head.commit));
  });

  it("reports a missing ref and a missing repository with stable codes", async () => {
    const config = await openConfigRepo({ url: server.url, cacheDir });
    await expect(config.fetchRef("no-such-branch")).rejects.toMatchObject({ code: "SOURCE_REF_NOT_FOUND", stage: "source" });
    const missing = await openConfigRepo({ url: `${server.url}-missing`, cacheDir });
    await expect(missing.fetchRef("main")).rejects.toMatchObject({ code: "SOURCE_REPO_NOT_FOUND", stage: "source" });
  });
});
