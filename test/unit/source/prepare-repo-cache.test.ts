import { mkdtemp, readFile, rm } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultRepoCacheRoot, prepareRepoCache } from "../../../src/source/prepare-repo-cache.js";
import { hashRepoUrl } from "../../../src/source/repo-location.js";

describe("defaultRepoCacheRoot", () => {
  it("uses XDG_CACHE_HOME when set, else ~/.cache", () => {
    expect(defaultRepoCacheRoot({ XDG_CACHE_HOME: "/var/cache/x" })).toBe("/var/cache/x/phoenix/repos");
    expect(defaultRepoCacheRoot({})).toBe(path.join(homedir(), ".cache", "phoenix", "repos"));
    expect(defaultRepoCacheRoot({ XDG_CACHE_HOME: "" })).toBe(path.join(homedir(), ".cache", "phoenix", "repos"));
  });
});

describe("prepareRepoCache", () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  it("creates one bare repository per URL that mirrors the remote's refs, and reopens it unchanged", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "phoenix-cache-"));
    roots.push(root);
    const url = "https://git.example.com/acme/config.git";
    const gitdir = await prepareRepoCache(root, url);
    expect(gitdir).toBe(path.join(root, hashRepoUrl(url)));
    const config = await readFile(path.join(gitdir, "config"), "utf8");
    expect(config).toContain("bare = true");
    expect(config).toContain(`url = ${url}`);
    expect(config).toContain("fetch = +refs/*:refs/*");
    expect(await prepareRepoCache(root, url)).toBe(gitdir);
    expect(await readFile(path.join(gitdir, "config"), "utf8")).toBe(config);
    expect(await prepareRepoCache(root, "https://git.example.com/acme/other.git")).not.toBe(gitdir);
  });
});
