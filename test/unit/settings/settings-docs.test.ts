import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseRepoSettings } from "../../../src/settings/load-repo-settings.js";
import { DEFAULT_REPO_SETTINGS, RepoSettings } from "../../../src/settings/repo-settings.js";
import { listSchemaKeys } from "./list-schema-keys.js";

const docPath = path.resolve(fileURLToPath(import.meta.url), "../../../../docs/settings.md");

describe("docs/settings.md", () => {
  it("names every key of the schema", async () => {
    const doc = await readFile(docPath, "utf8");
    const keys = listSchemaKeys(RepoSettings);
    const leaves = keys.filter((key) => !keys.some((other) => other.startsWith(`${key}.`)));
    // A target's keys are documented once for all four outputs, by their own name.
    const names = new Set(leaves.map((key) => (key.startsWith("infra.targets.") ? key.split(".").slice(3).join(".") : key)));
    const missing = [...names].filter((name) => !doc.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it("gives each scalar key's default in its table row", async () => {
    const doc = await readFile(docPath, "utf8");
    const rows = flatten(DEFAULT_REPO_SETTINGS).filter(([key]) => !key.startsWith("infra."));
    const wrong = rows.filter(([key, value]) => !doc.includes(`| \`${key}\` | \`${value}\``));
    expect(wrong).toEqual([]);
  });

  it("shows a settings file that loads to exactly the defaults", async () => {
    const doc = await readFile(docPath, "utf8");
    const example = /```yaml\n(# \.github\/phoenix\.yml: every key[\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    expect(parseRepoSettings(example ?? "")).toEqual({ settings: DEFAULT_REPO_SETTINGS, diagnostics: [] });
  });
});

function flatten(value: unknown, prefix = ""): [string, string][] {
  if (value !== null && typeof value === "object" && !Array.isArray(value))
    return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix === "" ? k : `${prefix}.${k}`));
  return [[prefix, Array.isArray(value) ? JSON.stringify(value) : String(value)]];
}
