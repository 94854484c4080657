import { describe, expect, it } from "vitest";
import { parseComposeYaml } from "../../../src/compose/yaml/parse-compose-yaml.js";
import { resolveGoScalar } from "../../../src/compose/yaml/resolve-go-scalar.js";
import { GoTime } from "../../../src/compose/yaml/yaml-value.js";
import { loadTexts, onlyError, serviceOf, serviceYaml } from "./load-helper.js";

const v3 = (text: string) => resolveGoScalar(text, "28.2");
const v2 = (text: string) => resolveGoScalar(text, "20.10");

describe("Go YAML scalar resolution (docs/stack-deploy.md §2.3)", () => {
  it.each([
    ["yes", "yes", true],
    ["no", "no", false],
    ["On", "On", true],
    ["off", "off", false],
    ["y", "y", true],
    ["true", true, true],
    ["False", false, false],
  ])("%s is %s in yaml v3 and %s in yaml.v2", (text, inV3, inV2) => {
    expect(v3(text)).toEqual({ value: inV3 });
    expect(v2(text)).toEqual({ value: inV2 });
  });

  it.each([
    ["0777", 511n],
    ["0x1F", 31n],
    ["0o17", 15n],
    ["0b101", 5n],
    ["1_000", 1000n],
    ["+12", 12n],
    ["-0", 0n],
    ["12345678901234567890", 12345678901234567890n],
  ])("reads %s as the Go integer %s", (text, value) => {
    expect(v3(text)).toEqual({ value });
  });

  it.each([
    ["1.50", 1.5],
    ["1e6", 1e6],
    [".5", 0.5],
    ["08", 8],
    ["99999999999999999999", 1e20],
    [".inf", Infinity],
    ["-.Inf", -Infinity],
  ])("reads %s as the float %s", (text, value) => {
    expect(v3(text)).toEqual({ value });
  });

  it("keeps quoted scalars and unparseable numbers as strings", () => {
    expect(resolveGoScalar("1", "28.2", { quoted: true })).toEqual({ value: "1" });
    expect(v3("1e400")).toEqual({ value: "1e400" });
    expect(v3("1.2.3")).toEqual({ value: "1.2.3" });
    expect(v3("~")).toEqual({ value: null });
    expect(v3("")).toEqual({ value: null });
  });

  it("decodes timestamps into time.Time in yaml v3 only", () => {
    expect(v3("2001-12-14")).toEqual({ value: new GoTime("2001-12-14 00:00:00 +0000 UTC") });
    expect(v3("2001-12-14T21:59:43.10-05:00")).toEqual({ value: new GoTime("2001-12-14 21:59:43.1 -0500 -0500") });
    expect(v2("2001-12-14")).toEqual({ value: "2001-12-14" });
    expect(v3("2001-13-14")).toEqual({ value: "2001-13-14" });
  });

  it("honours explicit tags", () => {
    expect(resolveGoScalar("5", "28.2", { tag: "tag:yaml.org,2002:str" })).toEqual({ value: "5" });
    expect(resolveGoScalar("5", "28.2", { tag: "tag:yaml.org,2002:float" })).toEqual({ value: 5 });
    expect(resolveGoScalar("abc", "28.2", { tag: "tag:yaml.org,2002:int" })).toEqual({ error: "yaml: cannot decode !!str `abc` as a !!int" });
  });
});

describe("parseComposeYaml", () => {
  it("records 1-based positions of values and keys", () => {
    const parsed = parseComposeYaml("services:\n  web:\n    image: nginx\n    ports:\n      - 80\n", "28.2");
    expect(parsed.issues).toEqual([]);
    expect(parsed.positions.value(["services", "web", "image"])).toEqual({ line: 3, column: 12 });
    expect(parsed.positions.key(["services", "web", "image"])).toEqual({ line: 3, column: 5 });
    expect(parsed.positions.value(["services", "web", "ports", 0])).toEqual({ line: 5, column: 9 });
    expect(parsed.positions.value(["services", "web", "ports", 0, "missing"])).toEqual({ line: 5, column: 9 });
  });

  it("rejects duplicate keys in 28.2 with yaml v3's message", () => {
    const parsed = parseComposeYaml("a: 1\nb: 2\na: 3\n", "28.2");
    expect(parsed.issues).toEqual([
      { message: 'yaml: unmarshal errors:\n  line 3: mapping key "a" already defined at line 1', path: [], position: { line: 3, column: 1 } },
    ]);
  });

  it("keeps the last duplicate in 20.10", () => {
    const parsed = parseComposeYaml("a: 1\na: 3\n", "20.10");
    expect(parsed.issues).toEqual([]);
    expect(parsed.root?.get("a")).toBe(3n);
  });

  it("reports non-string keys with each CLI's message", () => {
    const text = "services:\n  a:\n    environment:\n      1: one\n";
    expect(parseComposeYaml(text, "28.2").issues.map((i) => i.message)).toEqual(["json: unsupported type: map[interface {}]interface {}"]);
    expect(parseComposeYaml(text, "20.10").issues.map((i) => i.message)).toEqual(["Non-string key in services.a.environment: 1"]);
    expect(parseComposeYaml("1: x\n", "28.2").issues.map((i) => i.message)).toEqual(["top-level object must be a mapping"]);
    expect(parseComposeYaml("1: x\n", "20.10").issues.map((i) => i.message)).toEqual(["Non-string key at top level: 1"]);
  });

  it("requires a top-level mapping", () => {
    expect(parseComposeYaml("- a\n", "28.2").issues.map((i) => i.message)).toEqual(["top-level object must be a mapping"]);
    expect(parseComposeYaml("", "20.10").issues.map((i) => i.message)).toEqual(["Top-level object must be a mapping"]);
  });

  it("resolves anchors, aliases and merge keys (explicit keys and earlier sources win)", () => {
    const parsed = parseComposeYaml("x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz:\n  <<: [*x, *y]\n  a: 0\n", "28.2");
    expect(parsed.root?.get("z")).toEqual(new Map<string, unknown>([["a", 0n], ["b", 1n], ["c", 2n]]));
    expect(parsed.positions.value(["z", "c"])).toEqual({ line: 2, column: 17 });
  });

  it("reads only the first document", () => {
    const parsed = parseComposeYaml("a: 1\n---\nb: 2\n", "28.2");
    expect([...(parsed.root?.keys() ?? [])]).toEqual(["a"]);
  });
});

describe("YAML behaviour through the loader", () => {
  it("§8 #11: DEBUG: yes is a string in 28.2 and a schema error in 20.10", async () => {
    const text = serviceYaml("environment:\n  DEBUG: yes");
    expect(serviceOf(await loadTexts(text)).environment).toEqual({ DEBUG: "yes" });
    expect(onlyError(await loadTexts(text, { compat: "20.10" })).message).toBe("services.a.environment.DEBUG must be a string, number or null");
  });

  it("positions a syntax error", async () => {
    const error = onlyError(await loadTexts("services:\n  a:\n    image: [unclosed\n"));
    expect(error).toMatchObject({ code: "COMPOSE_YAML", file: "docker-compose.yml" });
    expect(error.message).toMatch(/^yaml: line \d+: /);
    expect(error.line).toBeGreaterThanOrEqual(3);
  });

  it("positions a duplicate key at the second occurrence", async () => {
    const error = onlyError(await loadTexts(serviceYaml("image: other")));
    expect(error).toMatchObject({ code: "COMPOSE_YAML", line: 5, column: 5 });
    expect(error.message).toBe('yaml: unmarshal errors:\n  line 5: mapping key "image" already defined at line 4');
  });
});

describe("positions with anchors", () => {
  it("keeps the merging mapping's own position and points merged keys at their anchor", () => {
    const parsed = parseComposeYaml("x: &x\n  image: a\nservices:\n  b:\n    <<: *x\n    user: u\n", "28.2");
    expect(parsed.positions.value(["services", "b"])).toEqual({ line: 5, column: 5 });
    expect(parsed.positions.value(["services", "b", "image"])).toEqual({ line: 2, column: 10 });
    expect(parsed.positions.value(["services", "b", "user"])).toEqual({ line: 6, column: 11 });
  });
});

describe("positions of aliases", () => {
  it("points an aliased value at the alias and its children at the anchor", () => {
    const parsed = parseComposeYaml("x: &x\n  image: a\nservices:\n  b: *x\n", "28.2");
    expect(parsed.positions.value(["services", "b"])).toEqual({ line: 4, column: 6 });
    expect(parsed.positions.value(["services", "b", "image"])).toEqual({ line: 2, column: 10 });
  });
});
