import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import type { Diagnostic } from "../errors.js";
import { formatPath } from "../diagnostics.js";
import { MAX_NESTING_DEPTH } from "../source/read-limits.js";
import { jsonObjectKeys, locateJsonKey, locateJsonPath } from "../positions/locate-json-path.js";
import { computeLineStarts, offsetToPosition, type PathStep, type Position } from "../positions/position.js";

export type { Position };

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

export type JsonPath = readonly PathStep[];

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
  const doc: JsonDocument = { file, text: source, root, value: getNodeValue(root) as unknown, lineStarts };
  return { doc, diagnostics };
}

/**
 * The position of the value at `path`, or of the deepest ancestor that exists
 * (so a missing required key points at the object that lacks it).
 */
export function locate(doc: JsonDocument, path: JsonPath): Position {
  return locateJsonPath(doc, path);
}

/** The position of the *key* of the property at `path` (for unknown-key warnings). */
export function locateKey(doc: JsonDocument, path: JsonPath): Position {
  return locateJsonKey(doc, path);
}

/** The keys of the object at `path`, in file order ([] when it is not an object). */
export function objectKeys(doc: JsonDocument, path: JsonPath): string[] {
  return jsonObjectKeys(doc.root, path);
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
