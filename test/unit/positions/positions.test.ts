import { parseTree } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { LineCounter, parseDocument } from "yaml";
import { parseJsonDocument } from "../../../src/config/json-document.js";
import { jsonObjectKeys, locateJsonKey, locateJsonPath } from "../../../src/positions/locate-json-path.js";
import { locateYamlPath } from "../../../src/positions/locate-yaml-path.js";
import { computeLineStarts, offsetToPosition, yamlOffsetToPosition } from "../../../src/positions/position.js";

const JSON_TEXT = '{\n  "vms": [\n    { "name": "a",\n      "cores": 2 }\n  ]\n}\n';
const YAML_TEXT = "swarm:\n  nodes:\n    - name: a\n      cores: 2\n";

function jsonTree(text: string) {
  const root = parseTree(text);
  if (!root) throw new Error("no tree");
  return { root, lineStarts: computeLineStarts(text) };
}

describe("one position module for JSON and YAML", () => {
  it("turns offsets into 1-based line and column, the same for JSON's line starts and YAML's LineCounter", () => {
    const lines = new LineCounter();
    parseDocument(YAML_TEXT, { lineCounter: lines });
    const starts = computeLineStarts(YAML_TEXT);
    for (const offset of [0, 5, 6, 7, 20, YAML_TEXT.length - 1]) {
      expect(offsetToPosition(starts, offset)).toEqual(yamlOffsetToPosition(lines, offset));
    }
    expect(offsetToPosition(starts, YAML_TEXT.indexOf("cores"))).toEqual({ line: 4, column: 7 });
  });

  it("locates a JSON value, its key, and the deepest existing ancestor of a missing path", () => {
    const tree = jsonTree(JSON_TEXT);
    expect(locateJsonPath(tree, ["vms", 0, "cores"])).toEqual({ line: 4, column: 16 });
    expect(locateJsonKey(tree, ["vms", 0, "cores"])).toEqual({ line: 4, column: 7 });
    expect(locateJsonPath(tree, ["vms", 0, "memory"])).toEqual({ line: 3, column: 5 });
    expect(locateJsonPath(tree, ["vms", 7])).toEqual({ line: 2, column: 10 });
    expect(locateJsonKey(tree, ["vms", 0, "memory"])).toEqual({ line: 3, column: 5 });
    expect(jsonObjectKeys(tree.root, ["vms", 0])).toEqual(["name", "cores"]);
    expect(jsonObjectKeys(tree.root, ["vms"])).toEqual([]);
  });

  it("locates a YAML value and its key the same way", () => {
    const lines = new LineCounter();
    const doc = parseDocument(YAML_TEXT, { lineCounter: lines });
    expect(locateYamlPath(doc, lines, ["swarm", "nodes", 0, "cores"])).toEqual({ line: 4, column: 14 });
    expect(locateYamlPath(doc, lines, ["swarm", "nodes", 0, "cores"], true)).toEqual({ line: 4, column: 7 });
    expect(locateYamlPath(doc, lines, ["swarm", "nodes", 0, "memory"])).toEqual({ line: 3, column: 7 });
  });

  it("keeps a `__proto__` key of a JSON file as a plain key (jsonc-parser's getNodeValue), never as a prototype", () => {
    const { doc } = parseJsonDocument("x.json", '{"__proto__": {"polluted": true}, "a": 1}');
    const value = doc?.value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["__proto__", "a"]);
    expect("polluted" in value).toBe(false);
  });
});
