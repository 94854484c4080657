import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeRepoLocation, hashRepoUrl, listLocationSecrets, parseRepoLocation } from "../../../src/source/repo-location.js";

describe("parseRepoLocation", () => {
  it("treats paths and file URLs as local repositories", () => {
    expect(parseRepoLocation("config", { cwd: "/srv" })).toEqual({ kind: "local", path: "/srv/config" });
    expect(parseRepoLocation("/srv/config/")).toEqual({ kind: "local", path: path.resolve("/srv/config") });
    expect(parseRepoLocation("file:///srv/my%20config")).toEqual({ kind: "local", path: "/srv/my config" });
  });

  it("keeps an https URL without credentials and a trailing slash", () => {
    expect(parseRepoLocation("https://github.com/acme/config.git/")).toEqual({
      kind: "remote",
      url: "https://github.com/acme/config.git",
      credentials: undefined,
    });
  });

  it("sends a token as x-access-token basic credentials", () => {
    const location = parseRepoLocation("https://github.com/acme/config.git", { token: "ghs_secret" });
    expect(location).toMatchObject({ kind: "remote", credentials: { username: "x-access-token", password: "ghs_secret" } });
    expect(listLocationSecrets(location)).toEqual(["ghs_secret"]);
  });

  it("moves credentials out of the URL, and lets a token win over them", () => {
    const fromUrl = parseRepoLocation("https://bot:p%40ss@git.example.com/config");
    expect(fromUrl).toEqual({ kind: "remote", url: "https://git.example.com/config", credentials: { username: "bot", password: "p@ss" } });
    expect(describeRepoLocation(fromUrl)).toBe("https://git.example.com/config");
    expect(parseRepoLocation("https://bot:old@git.example.com/config", { token: "new" })).toMatchObject({
      credentials: { username: "x-access-token", password: "new" },
    });
  });

  it.each(["ssh://git@github.com/acme/config.git", "git@github.com:acme/config.git", "git://github.com/acme/config.git"])(
    "refuses %s, which isomorphic-git cannot fetch",
    (url) => {
      expect(() => parseRepoLocation(url)).toThrow(expect.objectContaining({ code: "SOURCE_UNSUPPORTED_URL", stage: "source" }));
    },
  );

  it("does not echo URL credentials in the refusal", () => {
    let message = "";
    try {
      parseRepoLocation("ssh://bot:hunter2@example.com/x");
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain("ssh://example.com/x");
    expect(message).not.toContain("hunter2");
  });
});

describe("hashRepoUrl", () => {
  it("is stable, differs per URL and has a fixed length", () => {
    const a = hashRepoUrl("https://github.com/acme/config.git");
    expect(hashRepoUrl("https://github.com/acme/config.git")).toBe(a);
    expect(hashRepoUrl("https://github.com/acme/other.git")).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{24}$/);
  });
});
