import { describe, expect, it } from "vitest";
import { imageReferenceError } from "../../../src/compose/check-image-reference.js";
import { parseGoDuration } from "../../../src/go/duration.js";
import { parseRamInBytes } from "../../../src/go/units-size.js";
import { absPath } from "../../../src/compose/loader/resolve-paths.js";
import { isWindowsAbsolute, joinGoPath } from "../../../src/go/filepath.js";
import { shlexSplit } from "../../../src/go/shlex.js";
import { formatGoValue } from "../../../src/go/fmt.js";
import { compareGoStrings } from "../../../src/go/sort.js";
import { formatGoFloat, goAtoi, parseGoFloat, quoteGoString, toFloat32 } from "../../../src/go/strconv.js";
import type { YamlValue } from "../../../src/compose/yaml/yaml-value.js";

describe("Go formatting", () => {
  it.each([
    [1.5, "1.5"],
    [1e6, "1e+06"],
    [123456789, "1.23456789e+08"],
    [100000, "100000"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1e21, "1e+21"],
    [-0, "-0"],
    [1, "1"],
    [Infinity, "+Inf"],
    [NaN, "NaN"],
  ])("fmt.Sprint(%s) = %s", (value, text) => {
    expect(formatGoFloat(value)).toBe(text);
  });

  it("prints ints, bools, nil and collections like %v", () => {
    expect(formatGoValue(12345678901234567890n)).toBe("12345678901234567890");
    expect(formatGoValue(null)).toBe("<nil>");
    expect(formatGoValue([1n, "a"])).toBe("[1 a]");
    expect(formatGoValue(new Map<string, YamlValue>([["b", 1n], ["a", true]]))).toBe("map[a:true b:1]");
  });

  it("quotes like strconv.Quote", () => {
    expect(quoteGoString('a"b\\c\n\u0001')).toBe('"a\\"b\\\\c\\n\\x01"');
  });

  it("rounds to float32 and prints the shortest decimal", () => {
    expect(toFloat32(0.1)).toBe(0.1);
    expect(toFloat32(0.123456789)).toBe(0.12345679);
  });

  it("parses like strconv", () => {
    expect(goAtoi("+007")).toEqual({ ok: true, value: 7n });
    expect(goAtoi("1_0")).toEqual({ ok: false, error: 'strconv.Atoi: parsing "1_0": invalid syntax' });
    expect(parseGoFloat("0x1p-2")).toEqual({ ok: true, value: 0.25 });
    expect(parseGoFloat("Inf")).toEqual({ ok: true, value: Infinity });
    expect(parseGoFloat("1e400")).toEqual({ ok: false, error: 'strconv.ParseFloat: parsing "1e400": value out of range' });
  });
});

describe("time.ParseDuration", () => {
  it.each([
    ["1m30s", 90e9],
    ["500ms", 5e8],
    ["1.5h", 5.4e12],
    ["-2s", -2e9],
    ["0", 0],
    ["1h2m3s4ms5us6ns", 3723004005006],
    ["10\u00b5s", 10000],
    [".5s", 5e8],
  ])("%s = %d ns", (text, value) => {
    expect(parseGoDuration(text)).toEqual({ ok: true, value });
  });

  it.each([
    ["5", 'time: missing unit in duration "5"'],
    ["5x", 'time: unknown unit "x" in duration "5x"'],
    ["", 'time: invalid duration ""'],
    ["abc", 'time: invalid duration "abc"'],
    [".s", 'time: invalid duration ".s"'],
    ["3000000h", 'time: invalid duration "3000000h"'],
  ])("rejects %j", (text, error) => {
    expect(parseGoDuration(text)).toEqual({ ok: false, error });
  });
});

describe("go-units RAMInBytes", () => {
  it.each([
    ["50M", 52428800],
    ["64m", 67108864],
    ["1.5g", 1610612736],
    ["100kib", 102400],
    ["10 mb", 10485760],
    ["512", 512],
    ["512b", 512],
  ])("%s = %d", (text, value) => {
    expect(parseRamInBytes(text)).toEqual({ ok: true, value });
  });

  it.each([
    ["abc", "invalid size: 'abc'"],
    ["10x", "invalid suffix: 'x'"],
    ["10mbb", "invalid suffix: 'mbb'"],
    ["10Mebi", "invalid suffix: 'Mebi'"],
    ["-1m", "invalid size: '-1m'"],
  ])("rejects %s", (text, error) => {
    expect(parseRamInBytes(text)).toEqual({ ok: false, error });
  });
});

describe("google/shlex Split", () => {
  it.each([
    ["echo hello world", ["echo", "hello", "world"]],
    ["sh -c 'a b'", ["sh", "-c", "a b"]],
    ['a "b \\" c" d', ["a", 'b " c', "d"]],
    ["a\\ b", ["a b"]],
    ["a#b # comment", ["a#b"]],
    ['""', [""]],
    ["$HOME ${X}", ["$HOME", "${X}"]],
    ["", []],
  ])("%j", (input, words) => {
    expect(shlexSplit(input)).toEqual({ ok: true, value: words });
  });

  it("rejects unterminated quotes and escapes", () => {
    expect(shlexSplit("'a")).toEqual({ ok: false, error: "EOF found when expecting closing quote" });
    expect(shlexSplit("a\\")).toEqual({ ok: false, error: "EOF found after escape character" });
  });
});

describe("paths", () => {
  it("joins like filepath.Join", () => {
    expect(joinGoPath("/w", "./a/../b/")).toBe("/w/b");
    expect(absPath("/w", "/abs")).toBe("/abs");
    expect(absPath("/w", "")).toBe("/w");
  });

  it("recognises Windows absolute paths", () => {
    expect(isWindowsAbsolute("C:\\data")).toBe(true);
    expect(isWindowsAbsolute("C:data")).toBe(false);
    expect(isWindowsAbsolute("\\\\server\\share\\x")).toBe(true);
    expect(isWindowsAbsolute("./x")).toBe(false);
  });
});

describe("image references (distribution/reference)", () => {
  it.each(["busybox", "busybox:1.36", "docker.io/library/busybox", "localhost:5000/a/b:tag", "a/b@sha256:" + "a".repeat(64), "a".repeat(64), "[::1]:5000/x"])(
    "accepts %s",
    (image) => {
      expect(imageReferenceError(image)).toBeUndefined();
    },
  );

  it.each([
    ["Foo", "invalid reference format: repository name (library/Foo) must be lowercase"],
    ["x:y:z", "invalid reference format"],
    ["a/b@sha256:" + "a".repeat(40), "invalid checksum digest length"],
    ["a/b@md5:" + "a".repeat(32), "unsupported digest algorithm"],
    ["-x", "invalid reference format"],
  ])("rejects %s", (image, error) => {
    expect(imageReferenceError(image)).toBe(error);
  });
});

describe("Go's sort.Strings order", () => {
  it("compares like Go compares UTF-8 bytes, a lone surrogate as U+FFFD", () => {
    const words = ["b", "a", "ab", "", "\uffff", "\u{1f600}", "\ud800", "\ue000", "Z"];
    const bytes = [...words].sort((a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
    expect([...words].sort(compareGoStrings)).toEqual(bytes);
  });
});
