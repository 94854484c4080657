import { findNodeAtLocation, type Node } from "jsonc-parser";
import { offsetToPosition, type PathStep, type Position } from "./position.js";

/** A parsed JSON tree (jsonc-parser's `parseTree`) and the line starts of its text. */
export interface JsonTree {
  readonly root: Node;
  readonly lineStarts: readonly number[];
}

/**
 * The position of the value at `path`, or of the deepest ancestor that exists
 * (so a missing required key points at the object that lacks it).
 */
export function locateJsonPath(tree: JsonTree, path: readonly PathStep[]): Position {
  return offsetToPosition(tree.lineStarts, findDeepestNode(tree.root, path).offset);
}

/** The position of the *key* of the property at `path` (the value's, or an ancestor's, when there is no key). */
export function locateJsonKey(tree: JsonTree, path: readonly PathStep[]): Position {
  const key = path[path.length - 1];
  const parent = findNodeAtLocation(tree.root, path.slice(0, -1));
  if (parent?.type === "object" && typeof key === "string") {
    const property = findNodeAtLocation(tree.root, [...path])?.parent;
    if (property) return offsetToPosition(tree.lineStarts, property.offset);
  }
  return locateJsonPath(tree, path);
}

/** The keys of the object at `path`, in file order ([] when it is not an object). */
export function jsonObjectKeys(root: Node, path: readonly PathStep[]): string[] {
  const node = findNodeAtLocation(root, [...path]);
  if (node?.type !== "object") return [];
  return (node.children ?? []).map((property) => String(property.children?.[0]?.value));
}

function findDeepestNode(root: Node, path: readonly PathStep[]): Node {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (node) return node;
  }
  return root;
}
