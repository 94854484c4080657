import { LineCounter } from "yaml";
import { describe, expect, it } from "vitest";
import { checkYamlExpansion } from "../../../src/compose/yaml/check-yaml-expansion.js";
import { parseComposeYaml } from "../../../src/compose/yaml/parse-compose-yaml.js";
import { parseYamlDocuments } from "../../../src/compose/yaml/parse-yaml-bounded.js";
import { parseRepoSettings } from "../../../src/settings/load-repo-settings.js";
import { MAX_COMPOSE_YAML_VALUES, MAX_SETTINGS_YAML_VALUES } from "../../../src/source/read-limits.js";
import { loadTexts, onlyError, projectOf } from "./load-helper.js";

/** `l0: &l0 "lol"`, then `levels - 1` lines each aliasing the previous one `width` times. */
function aliasBomb(levels: number, width: number, indent = "  "): string {
  const lines = [`${indent}l0: &l0 "lol"`];
  for (let i = 1; i < levels; i++) lines.push(`${indent}l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(", ")}]`);
  return lines.join("\n") + "\n";
}

const compose = (extension: string) => `version: "3.8"\nx-test:\n${extension}services:\n  a:\n    image: busybox\n`;

/** What the expansion check alone says (no Phoenix value cap), for comparing with docker. */
function goYamlVerdict(text: string): string {
  const { docs } = parseYamlDocuments(text, { schema: "failsafe", lineCounter: new LineCounter(), uniqueKeys: false, merge: false, prettyErrors: false });
  return checkYamlExpansion(docs[0]?.contents, { maxValues: Infinity }).issue?.message ?? "accepted";
}

describe("YAML alias expansion (go-yaml's excessive-aliasing rule)", () => {
  it("refuses a 10-level x 10-alias bomb at the alias where the expansion starts, in well under a second", async () => {
    const started = performance.now();
    const error = onlyError(await loadTexts(compose(aliasBomb(10, 10))));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toMatchObject({ code: "COMPOSE_YAML", file: "docker-compose.yml", message: "yaml: document contains excessive aliasing" });
    // Line 7 is `  l4: &l4 [*l3, *l3, …]`: expanding its second *l3 crosses the 99% ratio.
    expect(`${error.line}:${error.column}`).toBe("7:17");
  });

  it("accepts 500 services that each merge the same defaults", async () => {
    let text = 'version: "3.8"\nx-defaults: &defaults\n  image: busybox\n  init: true\n  environment: {A: "1", B: "2"}\n  labels: [a=1, b=2]\nservices:\n';
    for (let i = 0; i < 500; i++) text += `  s${i}:\n    <<: *defaults\n    hostname: s${i}\n`;
    const project = projectOf(await loadTexts(text));
    expect(project.services).toHaveLength(500);
    expect(project.services.find((s) => s.name === "s499")).toMatchObject({ image: "busybox", hostname: "s499", init: true });
  }, 20_000);

  // Each boundary was found by bisecting the same documents with `docker stack config` 28.2.2 (go-yaml v3):
  // docker accepts the first value and refuses the one below it.
  const list = (size: number, refs: number, own: number) =>
    compose(`  a: &a [${Array(size).fill("v").join(", ")}]\n  own: [${Array(own).fill("x").join(", ")}]\n  refs: [${Array(refs).fill("*a").join(", ")}]\n`);
  const mergeChain = (own: number) => {
    const keys = Array.from({ length: 300 }, (_, i) => `k${i}: {deep: [1, 2]}`).join(", ");
    let body = `  own: [${Array(own).fill("x").join(", ")}]\n  d: &d {${keys}}\n  e: &e {<<: *d, k0: y, z: w}\n  s:\n`;
    for (let i = 0; i < 200; i++) body += `    s${i}: {<<: [*e, *d], k1: b, k2: c}\n`;
    return compose(body);
  };
  it.each([
    ["an aliased 1000-item list used 380 times", (own: number) => list(1000, 380, own), 2451],
    ["merge sequences of nested merges with overridden keys", mergeChain, 3171],
  ])("draws the line where docker does: %s", (_name, document, firstAccepted) => {
    expect(goYamlVerdict(document(firstAccepted))).toBe("accepted");
    expect(goYamlVerdict(document(firstAccepted - 1))).toBe("yaml: document contains excessive aliasing");
  }, 20_000);

  it("refuses an anchor that contains its own alias, like go-yaml", () => {
    expect(parseComposeYaml("a: &a [x, *a]\n", "28.2").issues).toEqual([{ message: "yaml: anchor 'a' value contains itself", path: [], position: { line: 1, column: 11 } }]);
  });

  it("caps the values a file expands to even where go-yaml's ratio allows them", () => {
    // Just under 99% of the 209,000 values come from aliases: go-yaml accepts it.
    const text = `a: &a [${Array(100).fill("v").join(", ")}]\nown: [${Array(100).fill("x").join(", ")}]\nrefs: [${Array(2050).fill("*a").join(", ")}]\n`;
    expect(goYamlVerdict(text)).toBe("accepted");
    const parsed = parseComposeYaml(text, "28.2");
    expect(parsed.root).toBeUndefined();
    expect(parsed.issues).toEqual([
      { message: `yaml: document expands to more than ${MAX_COMPOSE_YAML_VALUES} values (aliases expanded)`, path: [], position: { line: 3, column: expect.any(Number) } },
    ]);
  }, 20_000);
});

describe("YAML nesting", () => {
  const nested = (depth: number) => `a: ${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}\n`;

  it("accepts 64 levels of collections and refuses 65 at the bracket that opens it", () => {
    expect(parseComposeYaml(nested(64), "28.2").issues).toEqual([]);
    expect(parseComposeYaml(nested(65), "28.2").issues).toEqual([{ message: "yaml: nesting deeper than 64 levels", path: [], position: { line: 1, column: 67 } }]);
  });

  it("refuses a million levels before the parser slows down or the stack overflows", () => {
    const started = performance.now();
    const parsed = parseComposeYaml(`a: ${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}\n`, "28.2");
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed.issues.map((i) => i.message)).toEqual(["yaml: nesting deeper than 64 levels"]);
  });

  it("refuses block sequences nested on one line", () => {
    expect(parseComposeYaml(`a:\n  ${"- ".repeat(100)}x\n`, "28.2").issues.map((i) => i.message)).toEqual(["yaml: nesting deeper than 64 levels"]);
  });

  it("counts levels reached through aliases", () => {
    // Each anchor nests the previous one 10 levels deeper: 7 of them reach 70.
    let text = "l0: &l0 x\n";
    for (let i = 1; i <= 7; i++) text += `l${i}: &l${i} ${"[".repeat(10)}*l${i - 1}${"]".repeat(10)}\n`;
    const parsed = parseComposeYaml(text, "28.2");
    expect(parsed.issues).toEqual([{ message: "yaml: nesting deeper than 64 levels (aliases expanded)", path: [], position: { line: 8, column: 19 } }]);
  });
});

describe("the settings file", () => {
  it("refuses an alias bomb with a positioned error instead of throwing", () => {
    const started = performance.now();
    const { diagnostics } = parseRepoSettings(`stackNamespace: "{stack}"\nx-bomb:\n${aliasBomb(10, 10)}`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(diagnostics).toEqual([
      { severity: "error", code: "SETTINGS_YAML_SYNTAX", stage: "load", file: ".github/phoenix.yml", line: 7, column: 17, message: "yaml: document contains excessive aliasing" },
    ]);
  });

  it("refuses deep nesting and a small file that expands past its value limit", () => {
    expect(parseRepoSettings(`x: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`).diagnostics).toMatchObject([
      { code: "SETTINGS_YAML_SYNTAX", line: 1, column: 67, message: "yaml: nesting deeper than 64 levels" },
    ]);
    const wide = `a: &a [${Array(50).fill("v").join(", ")}]\nrefs: [${Array(300).fill("*a").join(", ")}]\n`;
    expect(parseRepoSettings(wide).diagnostics).toMatchObject([
      { code: "SETTINGS_YAML_SYNTAX", line: 2, message: `yaml: document expands to more than ${MAX_SETTINGS_YAML_VALUES} values (aliases expanded)` },
    ]);
  });

  it("still reads aliases a settings file may use", () => {
    const { settings, diagnostics } = parseRepoSettings("x-timeout: &t 90\nwait:\n  timeoutSeconds: *t\n");
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(settings.wait.timeoutSeconds).toBe(90);
  });
});
