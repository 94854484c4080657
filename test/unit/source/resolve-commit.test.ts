import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitObjectStore, type GitObjectStore } from "../../../src/source/git-object-store.js";
import { resolveCommit } from "../../../src/source/resolve-commit.js";
import { runGit } from "../../helpers/git-cli.js";
import { createFixtureRepo, type FixtureRepo } from "../../helpers/git-fixture-repo.js";

describe("resolveCommit", () => {
  let repo: FixtureRepo;
  let store: GitObjectStore;
  let first: string;
  let second: string;

  beforeAll(async () => {
    repo = await createFixtureRepo([
      { message: "first", files: { "a.txt": "1\n" } },
      { message: "second", files: { "a.txt": "2\n" } },
    ]);
    [first, second] = repo.commits as [string, string];
    await repo.tag("v1-light", { commit: first });
    await repo.tag("v1", { commit: first, message: "release 1" });
    await runGit(repo.dir, ["branch", "feature", first]);
    store = createGitObjectStore({ gitdir: path.join(repo.dir, ".git") });
  });

  afterAll(async () => {
    await repo.remove();
  });

  it.each([
    ["a branch", "main", () => second],
    ["another branch", "feature", () => first],
    ["a full ref name", "refs/heads/feature", () => first],
    ["HEAD", "HEAD", () => second],
    ["a lightweight tag", "v1-light", () => first],
    ["an annotated tag, peeled to its commit", "v1", () => first],
  ])("resolves %s", async (_label, ref, expected) => {
    expect(await resolveCommit(store, ref)).toBe(expected());
  });

  it("resolves full and abbreviated shas, in any case", async () => {
    expect(await resolveCommit(store, first)).toBe(first);
    expect(await resolveCommit(store, first.toUpperCase())).toBe(first);
    expect(await resolveCommit(store, second.slice(0, 7))).toBe(second);
  });

  it("peels an annotated tag given by its object id", async () => {
    const tagObject = await runGit(repo.dir, ["rev-parse", "refs/tags/v1"]);
    expect(tagObject).not.toBe(first);
    expect(await resolveCommit(store, tagObject)).toBe(first);
  });

  it("fails with SOURCE_REF_NOT_FOUND for an unknown name or sha", async () => {
    await expect(resolveCommit(store, "no-such-branch")).rejects.toMatchObject({ code: "SOURCE_REF_NOT_FOUND", stage: "source" });
    await expect(resolveCommit(store, "ffffffff")).rejects.toMatchObject({ code: "SOURCE_REF_NOT_FOUND" });
  });

  it("fails with SOURCE_OBJECT_MISSING for a full sha that is not here", async () => {
    await expect(resolveCommit(store, "0".repeat(40))).rejects.toMatchObject({ code: "SOURCE_OBJECT_MISSING" });
  });

  it("fails with SOURCE_NOT_A_COMMIT for a tree", async () => {
    const tree = await runGit(repo.dir, ["rev-parse", `${second}^{tree}`]);
    await expect(resolveCommit(store, tree)).rejects.toMatchObject({ code: "SOURCE_NOT_A_COMMIT" });
  });
});
