import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { fetchRevision } from "../../../src/source/fetch-revision.js";
import { openConfigRepo } from "../../../src/source/open-config-repo.js";
import { MAX_REMOTE_ANCESTRY, parseRemoteRevision } from "../../../src/source/parse-revision.js";
import { createFixtureRepo, type FixtureRepo } from "../../helpers/git-fixture-repo.js";
import { startGitHttpServer, type GitHttpServer } from "../../helpers/git-http-server.js";

describe("parseRemoteRevision", () => {
  it("splits a name from its parent steps as gitrevisions(7) reads them", () => {
    expect(parseRemoteRevision("main")).toEqual({ name: "main", parents: [] });
    expect(parseRemoteRevision("main~")).toEqual({ name: "main", parents: [1] });
    expect(parseRemoteRevision("HEAD~3")).toEqual({ name: "HEAD", parents: [1, 1, 1] });
    expect(parseRemoteRevision("v1.2^2~1")).toEqual({ name: "v1.2", parents: [2, 1] });
    expect(parseRemoteRevision("refs/pull/7/head^0")).toEqual({ name: "refs/pull/7/head", parents: [] });
  });

  it("refuses what only a local clone can answer, and options", () => {
    for (const revision of ["main@{1}", "@{-1}", ":/fix", "main..topic", "main:etc", "v1^{tree}", "-x", "", "a\nb"]) {
      expect(() => parseRemoteRevision(revision), revision).toThrow(expect.objectContaining({ code: "SOURCE_REF_UNSUPPORTED" }));
    }
    expect(() => parseRemoteRevision(`main~${MAX_REMOTE_ANCESTRY + 1}`)).toThrow(/more than 1000 commits/);
    expect(() => parseRemoteRevision("main~99999999999")).toThrow(/more than 1000 commits/);
  });
});

describe("fetchRevision from a remote", () => {
  let repo: FixtureRepo;
  let server: GitHttpServer;
  let cacheDir: string;

  beforeAll(async () => {
    repo = await createFixtureRepo([
      { message: "one", files: { "etc/a.json": "1\n" } },
      { message: "two", files: { "etc/a.json": "2\n" } },
      { message: "three", files: { "etc/a.json": "3\n" } },
    ]);
    server = await startGitHttpServer({ repoDir: repo.dir });
    cacheDir = await mkdtemp(path.join(os.tmpdir(), "phoenix-fetch-revision-"));
  });

  afterAll(async () => {
    await server.close();
    await repo.remove();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it("fetches deep enough for ~N and ^ and walks to the commit", async () => {
    const remote = await openConfigRepo({ url: server.url, cacheDir, logger: createSilentLogger() });
    const [one, two, three] = repo.commits;
    expect((await fetchRevision(remote, "main")).commit).toBe(three);
    expect((await fetchRevision(remote, "main^")).commit).toBe(two);
    const back = await fetchRevision(remote, "main~2");
    expect(back.commit).toBe(one);
    expect(await remote.openTree(back.commit).readText("etc/a.json")).toBe("1\n");
    // An abbreviated sha is found among the commits fetched.
    expect((await fetchRevision(remote, (two as string).slice(0, 8))).commit).toBe(two);
  });

  it("names what a remote cannot resolve", async () => {
    const remote = await openConfigRepo({ url: server.url, cacheDir, logger: createSilentLogger() });
    await expect(fetchRevision(remote, "main~5")).rejects.toMatchObject({ message: expect.stringMatching(/has no parent 1|not in the local repository/) });
    await expect(fetchRevision(remote, "abcdef12")).rejects.toMatchObject({ code: "SOURCE_REF_UNSUPPORTED", message: expect.stringContaining("no commit fetched before") });
    await expect(fetchRevision(remote, "main@{1}")).rejects.toMatchObject({ code: "SOURCE_REF_UNSUPPORTED" });
  });
});
