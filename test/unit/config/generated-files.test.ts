import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderJsonSchemas } from "../../../src/config/render-json-schemas.js";
import { renderConfigDocs } from "../../../src/config/render-config-docs.js";

const root = path.resolve(import.meta.dirname, "../../..");
const committed = (file: string) => readFile(path.join(root, file), "utf8").catch(() => "(missing)");

describe("the generated JSON Schemas and docs/config-format.md", () => {
  it.each(renderJsonSchemas().map((f) => [f.path, f.text] as const))("%s is up to date (run npm run schemas)", async (file, text) => {
    expect(await committed(file)).toBe(text);
  });

  it("docs/config-format.md is up to date (run npm run schemas)", async () => {
    expect(await committed("docs/config-format.md")).toBe(renderConfigDocs());
  });

  it("documents every field with a type and a description", () => {
    const docs = renderConfigDocs();
    expect(docs).toContain("| `lxc_configs.<ctid>.network_config.ip` | IPv4 address/prefix or `dhcp` | yes | Address with prefix length (10.0.0.5/24) or dhcp. |");
    expect(docs).toContain("| `vms[].docker_stacks` | list of name (letters, digits, `_`, `-`) or object | no | Stacks to deploy: names (environment production) or {name, environment}. |");
    // Map entries (`core_paths.<name>`) are described by their map.
    const undescribed = docs.split("\n").filter((line) => line.startsWith("| `") && !/>` \|/.test(line) && line.endsWith("|  |"));
    expect(undescribed).toEqual([]);
  });
});
