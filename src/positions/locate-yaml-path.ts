import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter } from "yaml";
import { yamlNodeStart, yamlOffsetToPosition, type Position } from "./position.js";

/**
 * Where the value at `path` (or, with `atKey`, the key naming it) starts. A
 * path that leaves the document (a missing key) resolves to the deepest node
 * that exists, so a message still points at the mapping that lacks the key.
 */
export function locateYamlPath(doc: Document, lines: LineCounter, path: readonly PropertyKey[], atKey = false): Position {
  let node: unknown = doc.contents;
  let key: unknown = undefined;
  for (const segment of path) {
    const resolved = isAlias(node) ? node.resolve(doc) : node;
    let next: { value: unknown; key: unknown } | undefined;
    if (isMap(resolved)) {
      const pair = resolved.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
      next = pair === undefined ? undefined : { value: pair.value, key: pair.key };
    } else if (isSeq(resolved) && typeof segment === "number") {
      const item: unknown = resolved.items[segment];
      next = item === undefined ? undefined : { value: item, key: undefined };
    }
    if (next === undefined) break;
    node = next.value ?? next.key;
    key = next.key;
  }
  const target = atKey && key !== undefined ? key : node;
  return yamlOffsetToPosition(lines, yamlNodeStart(target) ?? yamlNodeStart(doc.contents) ?? 0);
}
