/**
 * The lexer of the `text/template` port: splits a template into text and
 * actions (applying the `{{-`/`-}}` trim markers and dropping comments) and
 * each action into tokens, with byte offsets for Go's error positions.
 */
import { TemplateError } from "./template-error.js";

export type Token =
  | { readonly type: "word" | "field" | "variable" | "string" | "number" | "char"; readonly text: string; readonly pos: number; readonly value?: string }
  | { readonly type: "|" | "(" | ")" | ":=" | "=" | "," | "." | "end"; readonly text: string; readonly pos: number };

export interface Action {
  readonly pos: number;
  readonly tokens: readonly Token[];
}

export type Item = { readonly kind: "text"; readonly text: string } | { readonly kind: "action"; readonly action: Action };

/** Splits the source into text and actions, applying the trim markers. */
export function scanItems(source: string): Item[] {
  const items: Item[] = [];
  let at = 0;
  let trimNext = false;
  while (at <= source.length) {
    const open = source.indexOf("{{", at);
    let text = source.slice(at, open === -1 ? source.length : open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, "");
    if (open === -1) {
      if (text !== "") items.push({ kind: "text", text });
      break;
    }
    let inner = open + 2;
    if (source.startsWith("- ", inner) || source.startsWith("-\t", inner) || source.startsWith("-\n", inner) || source.startsWith("-\r", inner)) {
      text = text.replace(/[ \t\r\n]+$/, "");
      inner += 1;
    }
    if (text !== "") items.push({ kind: "text", text });
    const { tokens, end, trimRight, comment } = lexAction(source, inner);
    trimNext = trimRight;
    if (!comment) items.push({ kind: "action", action: { pos: open, tokens } });
    at = end;
  }
  return items;
}

export function lineOf(source: string, pos: number): number {
  return 1 + (source.slice(0, pos).match(/\n/g)?.length ?? 0);
}

function lexAction(source: string, start: number): { tokens: Token[]; end: number; trimRight: boolean; comment: boolean } {
  const tokens: Token[] = [];
  const fail = (message: string, pos: number): never => {
    throw new TemplateError(`template: :${lineOf(source, pos)}: ${message}`);
  };
  let i = start;
  while (/[ \t\r\n]/.test(source[i] ?? "")) i += 1;
  if (source.startsWith("/*", i)) {
    const close = source.indexOf("*/", i + 2);
    if (close === -1) fail("unclosed comment", i);
    let after = close + 2;
    let trimRight = false;
    if (source.startsWith(" -}}", after)) {
      trimRight = true;
      after += 1;
    }
    if (!source.startsWith("}}", after)) fail("comment ends before closing delimiter", i);
    return { tokens, end: after + 2, trimRight, comment: true };
  }
  for (;;) {
    const char = source[i];
    if (char === undefined) fail("unclosed action", start);
    if (source.startsWith("}}", i)) return { tokens, end: i + 2, trimRight: false, comment: false };
    if (/[ \t\r\n]/.test(char ?? "")) {
      const trim = /^[ \t\r\n]+-}}/.exec(source.slice(i));
      if (trim !== null) return { tokens, end: i + trim[0].length, trimRight: true, comment: false };
      i += 1;
      continue;
    }
    const rest = source.slice(i);
    let match: RegExpExecArray | null;
    if (rest.startsWith(":=")) {
      tokens.push({ type: ":=", text: ":=", pos: i });
      i += 2;
    } else if ("|(),=".includes(char ?? "")) {
      tokens.push({ type: char as "|", text: char ?? "", pos: i });
      i += 1;
    } else if (char === '"') {
      match = /^"(?:[^"\\\n]|\\.)*"/.exec(rest);
      if (match === null) fail("unterminated quoted string", i);
      const text = match?.[0] ?? "";
      tokens.push({ type: "string", text, pos: i, value: unquoteGoString(text, () => fail(`invalid syntax: ${text}`, i)) });
      i += text.length;
    } else if (char === "`") {
      const close = source.indexOf("`", i + 1);
      if (close === -1) fail("unterminated raw quoted string", i);
      const text = source.slice(i, close + 1);
      tokens.push({ type: "string", text, pos: i, value: text.slice(1, -1) });
      i = close + 1;
    } else if ((match = /^\.[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(rest)) !== null) {
      tokens.push({ type: "field", text: match[0], pos: i });
      i += match[0].length;
    } else if (char === ".") {
      tokens.push({ type: ".", text: ".", pos: i });
      i += 1;
    } else if ((match = /^\$[A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(rest)) !== null) {
      tokens.push({ type: "variable", text: match[0], pos: i });
      i += match[0].length;
    } else if ((match = /^[-+]?(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*)?\.?\d+(?:[eE][-+]?\d+)?|\d+\.)/.exec(rest)) !== null) {
      tokens.push({ type: "number", text: match[0], pos: i });
      i += match[0].length;
    } else if ((match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)) !== null) {
      tokens.push({ type: "word", text: match[0], pos: i });
      i += match[0].length;
    } else {
      fail(`unexpected ${JSON.stringify(char)} in command`, i);
    }
  }
}

const ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', a: "\x07", b: "\b", f: "\f", v: "\v", "'": "'" };

/** `strconv.Unquote` of a double-quoted Go string. */
function unquoteGoString(text: string, fail: () => never): string {
  return text.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, escape: string) => {
    if (/^[xuU]/.test(escape)) return String.fromCodePoint(Number.parseInt(escape.slice(1), 16));
    if (/^[0-7]{3}$/.test(escape)) return String.fromCodePoint(Number.parseInt(escape, 8));
    return ESCAPES[escape] ?? fail();
  });
}
