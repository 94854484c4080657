import { describe, expect, it } from "vitest";
import { findChangedPaths, isSameValue, limitList, toComparableValue } from "../../../src/impact/comparable-value.js";

describe("comparable values", () => {
  it("ignore key order and undefined members, but keep array order", () => {
    expect(isSameValue({ a: 1, b: { c: 2, d: undefined } }, { b: { c: 2 }, a: 1 })).toBe(true);
    expect(isSameValue([1, 2], [2, 1])).toBe(false);
  });

  it("compare Maps by entries and bytes by content", () => {
    expect(isSameValue(new Map([["x", 1], ["y", 2]]), new Map([["y", 2], ["x", 1]]))).toBe(true);
    expect(toComparableValue(new Uint8Array([104, 105]))).toBe("aGk=");
    expect(isSameValue(new Uint8Array([1]), new Uint8Array([2]))).toBe(false);
  });

  it("name the paths of the leaves that differ, never their values", () => {
    const before = toComparableValue({ services: { web: { image: "a:1", env: { A: "x" } } }, rules: [{ port: 80 }] });
    const after = toComparableValue({ services: { web: { image: "a:2", env: { A: "x", B: "secret" } } }, rules: [{ port: 80 }, { port: 443 }] });
    expect(findChangedPaths(before, after)).toEqual(["rules[1]", "services.web.env.B", "services.web.image"]);
    expect(findChangedPaths(toComparableValue("a"), toComparableValue("b"))).toEqual(["(whole value)"]);
  });

  it("count what a list leaves out", () => {
    expect(limitList(["a", "b", "c"], 2)).toBe("a, b and 1 more");
    expect(limitList(["a", "b"], 2)).toBe("a, b");
  });
});
