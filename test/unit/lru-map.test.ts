import { describe, expect, it } from "vitest";
import { LruMap } from "../../src/lru-map.js";

describe("LruMap", () => {
  it("drops the least recently used entry past its limit, counting reads as use", () => {
    const map = new LruMap<string, number>(2);
    map.set("a", 1);
    map.set("b", 2);
    expect(map.get("a")).toBe(1);
    map.set("c", 3);
    expect([map.get("a"), map.get("b"), map.get("c")]).toEqual([1, undefined, 3]);
  });

  it("replaces a value in place and forgets a deleted key", () => {
    const map = new LruMap<string, number>(2);
    map.set("a", 1);
    map.set("a", 2);
    map.set("b", 3);
    expect(map.get("a")).toBe(2);
    map.delete("a");
    expect(map.get("a")).toBeUndefined();
    expect(map.get("b")).toBe(3);
  });
});
