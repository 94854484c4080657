import { parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import type { Diagnostic } from "../errors.js";
import { formatPath } from "../diagnostics.js";
import { MAX_NESTING_DEPTH } from "../source/read-limits.js";

/**
 * A parsed JSON file that remembers where every value came from. Object keys
 * stay in file order (jq order), which plain JSON.parse does not guarantee for
 * integer-like keys such as LXC ids.
 */
export interface JsonDocument {
  readonly file: string;
  readonly text: string;
  readonly root: Node;
  /** The plain value (for schema validation); key order is not meaningful here. */
  readonly value: unknown;
  readonly lineStarts: readonly number[];
}

export interface Position {
  readonly line: number;
  readonly column: number;
}

export type JsonPath = readonly (string | number)[];

/** Parses strict JSON (no comments, no trailing commas); syntax errors come back positioned. */
export function parseJsonDocument(file: string, text: string): { doc?: JsonDocument; diagnostics: Diagnostic[] } {
  const errors: ParseError[] = [];
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineStarts = computeLineStarts(source);
  // jsonc-parser and every walk over the value recurse once per level: refuse a deep file before any of them.
  const tooDeep = findNestingPastLimit(source, MAX_NESTING_DEPTH);
  if (tooDeep !== undefined) {
    const message = `JSON nesting deeper than ${MAX_NESTING_DEPTH} levels`;
    return { diagnostics: [{ severity: "error", code: "CONFIG_JSON_TOO_DEEP", stage: "load", file, ...offsetToPosition(lineStarts, tooDeep), message }] };
  }
  const root = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  // After the first syntax error the rest are usually cascades of it: report one.
  const diagnostics: Diagnostic[] = errors.slice(0, 1).map((e) => ({
    severity: "error",
    code: "CONFIG_JSON_SYNTAX",
    stage: "load",
    file,
    ...offsetToPosition(lineStarts, e.offset),
    message: `invalid JSON: ${describeParseError(e)}`,
  }));
  if (root === undefined || errors.length > 0) return { diagnostics };
  diagnostics.push(...findDuplicateKeys(file, root, lineStarts));
  const doc: JsonDocument = { file, text: source, root, value: nodeToValue(root), lineStarts };
  return { doc, diagnostics };
}

/**
 * The position of the value at `path`, or of the deepest ancestor that exists
 * (so a missing required key points at the object that lacks it).
 */
export function locate(doc: JsonDocument, path: JsonPath): Position {
  return offsetToPosition(doc.lineStarts, findDeepestNode(doc.root, path).offset);
}

/** The position of the *key* of the property at `path` (for unknown-key warnings). */
export function locateKey(doc: JsonDocument, path: JsonPath): Position {
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1];
  const parent = findNode(doc.root, parentPath);
  if (parent?.type === "object" && typeof key === "string") {
    const prop = parent.children?.find((p) => p.children?.[0]?.value === key);
    if (prop) return offsetToPosition(doc.lineStarts, prop.offset);
  }
  return locate(doc, path);
}

/** The keys of the object at `path`, in file order ([] when it is not an object). */
export function objectKeys(doc: JsonDocument, path: JsonPath): string[] {
  const node = findNode(doc.root, path);
  if (node?.type !== "object") return [];
  return (node.children ?? []).map((p) => String(p.children?.[0]?.value));
}

/** Builds a positioned diagnostic for a value of this document. */
export function diagnosticAt(
  doc: JsonDocument,
  path: JsonPath,
  fields: { severity?: Diagnostic["severity"]; code: string; message: string; hint?: string; atKey?: boolean },
): Diagnostic {
  const pos = fields.atKey ? locateKey(doc, path) : locate(doc, path);
  return {
    severity: fields.severity ?? "error",
    code: fields.code,
    stage: "load",
    file: doc.file,
    line: pos.line,
    column: pos.column,
    path: formatPath(path) || undefined,
    message: fields.message,
    ...(fields.hint ? { hint: fields.hint } : {}),
  };
}

/**
 * The offset of the first `[` or `{` that opens level `limit + 1`, found
 * without recursion; brackets inside strings and comments do not count.
 */
export function findNestingPastLimit(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (c === "[" || c === "{") {
      if (++depth > limit) return i;
    } else if (c === "]" || c === "}") {
      depth--;
    }
  }
  return undefined;
}

export function offsetToPosition(lineStarts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function findNode(root: Node, path: JsonPath): Node | undefined {
  let node: Node | undefined = root;
  for (const seg of path) {
    if (!node) return undefined;
    if (node.type === "object" && typeof seg === "string") {
      node = node.children?.find((p) => p.children?.[0]?.value === seg)?.children?.[1];
    } else if (node.type === "array" && typeof seg === "number") {
      node = node.children?.[seg];
    } else return undefined;
  }
  return node;
}

function findDeepestNode(root: Node, path: JsonPath): Node {
  for (let n = path.length; n >= 0; n--) {
    const node = findNode(root, path.slice(0, n));
    if (node) return node;
  }
  return root;
}

function nodeToValue(node: Node): unknown {
  switch (node.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (k && v) out[String(k.value)] = nodeToValue(v);
      }
      return out;
    }
    case "array":
      return (node.children ?? []).map(nodeToValue);
    default:
      return node.value;
  }
}

function findDuplicateKeys(file: string, root: Node, lineStarts: readonly number[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (node: Node, path: (string | number)[]) => {
    if (node.type === "object") {
      const seen = new Map<string, Node>();
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k) continue;
        const key = String(k.value);
        const first = seen.get(key);
        if (first) {
          const firstPos = offsetToPosition(lineStarts, first.offset);
          out.push({
            severity: "error",
            code: "CONFIG_JSON_DUPLICATE_KEY",
            stage: "load",
            file,
            ...offsetToPosition(lineStarts, k.offset),
            path: formatPath([...path, key]),
            message: `duplicate key "${key}" (first defined at line ${firstPos.line}); JSON tools disagree on which one wins`,
          });
        } else seen.set(key, k);
        if (v) walk(v, [...path, key]);
      }
    } else if (node.type === "array") {
      (node.children ?? []).forEach((c, i) => walk(c, [...path, i]));
    }
  };
  walk(root, []);
  return out;
}

function describeParseError(e: ParseError): string {
  const code = printParseErrorCode(e.error);
  const words: Record<string, string> = {
    InvalidSymbol: "unexpected character (JSON allows no comments, single quotes or unquoted names)",
    InvalidNumberFormat: "invalid number",
    PropertyNameExpected: "expected a property name in double quotes",
    ValueExpected: "expected a value (is there a trailing comma?)",
    ColonExpected: "expected ':'",
    CommaExpected: "expected ',' or a closing bracket",
    CloseBraceExpected: "expected '}'",
    CloseBracketExpected: "expected ']'",
    EndOfFileExpected: "unexpected content after the end of the document",
    InvalidCommentToken: "comments are not allowed in JSON",
    UnexpectedEndOfComment: "unterminated comment",
    UnexpectedEndOfString: "unterminated string",
    UnexpectedEndOfNumber: "unterminated number",
    InvalidUnicode: "invalid unicode escape",
    InvalidEscapeCharacter: "invalid escape character",
    InvalidCharacter: "invalid character in string",
  };
  return words[code] ?? code;
}
