import { describe, expect, it } from "vitest";
import { parseImageReference, pinImageReference, tagImageReference } from "../../../src/engine/image-reference.js";

const DIGEST = "sha256:" + "a".repeat(64);

describe("tagImageReference (the client library's imageWithTagString)", () => {
  it.each([
    ["phoenix-test/busybox", "phoenix-test/busybox:latest"],
    ["phoenix-test/busybox:1", "phoenix-test/busybox:1"],
    ["busybox", "busybox:latest"],
    ["docker.io/library/busybox", "busybox:latest"],
    ["index.docker.io/library/busybox:1.36", "busybox:1.36"],
    ["docker.io/foo/bar", "foo/bar:latest"],
    ["localhost:5000/app", "localhost:5000/app:latest"],
    ["registry.example.com/team/app:2", "registry.example.com/team/app:2"],
    [`app@${DIGEST}`, `app@${DIGEST}`],
    [`app:1@${DIGEST}`, `app:1@${DIGEST}`],
    ["Not/Valid", "Not/Valid"],
  ])("%s → %s", (image, expected) => {
    expect(tagImageReference(image)).toBe(expected);
  });
});

describe("pinImageReference (imageWithDigestString)", () => {
  it("appends the digest and keeps the tag", () => {
    expect(pinImageReference("app:1", DIGEST)).toBe(`app:1@${DIGEST}`);
  });

  it("keeps a reference that is already pinned", () => {
    const other = "sha256:" + "b".repeat(64);
    expect(pinImageReference(`app:1@${other}`, DIGEST)).toBe(`app:1@${other}`);
  });
});

describe("parseImageReference", () => {
  it("tells a registry host from a first path component", () => {
    expect(parseImageReference("phoenix-test/busybox:1")).toEqual({ domain: "docker.io", path: "phoenix-test/busybox", tag: "1" });
    expect(parseImageReference("my.registry:5000/app")).toEqual({ domain: "my.registry:5000", path: "app" });
  });
});
