/**
 * A port of the part of Go's `text/template` parser (go1.23 `text/template/parse`)
 * that `docker … --format` users write: text, `{{.Field.Chain}}`, `{{json .}}`,
 * pipelines with `|`, function calls with string/number/bool arguments,
 * parenthesised pipelines, variables (`$`, `$x :=`), `if`/`else if`/`range`/
 * `with` … `end`, comments and the `{{-`/`-}}` trim markers. `define`,
 * `template` and `block` are refused as not supported. Positions are byte
 * offsets into the template, as Go's error messages quote them.
 */
import { lineOf, scanItems, type Action, type Item, type Token } from "./lex-template.js";
import { TemplateError } from "./template-error.js";

export type Operand =
  | { readonly kind: "dot"; readonly pos: number }
  | { readonly kind: "field"; readonly pos: number; readonly chain: readonly string[]; readonly text: string }
  | { readonly kind: "variable"; readonly pos: number; readonly name: string; readonly chain: readonly string[]; readonly text: string }
  | { readonly kind: "string"; readonly pos: number; readonly value: string; readonly text: string }
  | { readonly kind: "number"; readonly pos: number; readonly value: number; readonly text: string }
  | { readonly kind: "bool"; readonly pos: number; readonly value: boolean }
  | { readonly kind: "nil"; readonly pos: number }
  | { readonly kind: "function"; readonly pos: number; readonly name: string }
  | { readonly kind: "pipe"; readonly pos: number; readonly pipe: Pipeline };

export interface Command {
  readonly pos: number;
  readonly args: readonly Operand[];
}

export interface Pipeline {
  readonly pos: number;
  /** `$x :=` or `$i, $e :=`. */
  readonly declare: readonly string[];
  readonly commands: readonly Command[];
}

export type TemplateNode =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "action"; readonly pos: number; readonly pipe: Pipeline }
  | {
      readonly kind: "if" | "range" | "with";
      readonly pos: number;
      readonly pipe: Pipeline;
      readonly list: readonly TemplateNode[];
      readonly elseList: readonly TemplateNode[] | undefined;
    };

export interface ParsedTemplate {
  readonly source: string;
  readonly nodes: readonly TemplateNode[];
  /** Functions the template may call: an unknown name is a parse error, as in Go. */
  readonly functions: ReadonlySet<string>;
}

const KEYWORDS = new Set(["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue"]);

/** Parses a template; `functions` are the names it may call. */
export function parseTemplate(source: string, functions: ReadonlySet<string>): ParsedTemplate {
  const items = scanItems(source);
  let index = 0;
  const fail = (message: string, pos: number): never => {
    throw new TemplateError(`template: :${lineOf(source, pos)}: ${message}`);
  };

  function parsePipeline(tokens: readonly Token[], pos: number, context: string): Pipeline {
    let at = 0;
    const declare: string[] = [];
    const assign = tokens.findIndex((t) => t.type === ":=" || t.type === "=");
    if (assign !== -1 && tokens.slice(0, assign).every((t) => t.type === "variable" || t.type === ",")) {
      for (const token of tokens.slice(0, assign)) if (token.type === "variable") declare.push(token.text);
      at = assign + 1;
    }
    const { pipe, next } = parseCommands(tokens, at, pos, context);
    if (next < tokens.length) fail(`unexpected ${quoteToken(tokens[next])} in ${context}`, tokens[next]?.pos ?? pos);
    return { ...pipe, declare };
  }

  function parseCommands(tokens: readonly Token[], start: number, pos: number, context: string): { pipe: Pipeline; next: number } {
    const commands: Command[] = [];
    let args: Operand[] = [];
    let at = start;
    const endCommand = () => {
      if (args.length === 0) fail(`missing value for ${context}`, tokens[at]?.pos ?? pos);
      commands.push({ pos: args[0]?.pos ?? pos, args });
      args = [];
    };
    while (at < tokens.length) {
      const token = tokens[at] as Token;
      if (token.type === ")") break;
      if (token.type === "|") {
        endCommand();
        at += 1;
        continue;
      }
      if (token.type === "(") {
        const inner = parseCommands(tokens, at + 1, token.pos, "parenthesized pipeline");
        if (tokens[inner.next]?.type !== ")") fail("unclosed left paren", token.pos);
        args.push({ kind: "pipe", pos: token.pos, pipe: inner.pipe });
        at = inner.next + 1;
        continue;
      }
      args.push(parseOperand(token));
      at += 1;
    }
    if (args.length > 0 || commands.length === 0) endCommand();
    return { pipe: { pos, declare: [], commands }, next: at };
  }

  function parseOperand(token: Token): Operand {
    switch (token.type) {
      case ".":
        return { kind: "dot", pos: token.pos };
      case "field":
        return { kind: "field", pos: token.pos, chain: token.text.slice(1).split("."), text: token.text };
      case "variable": {
        const [name = "$", ...chain] = token.text.split(".");
        return { kind: "variable", pos: token.pos, name, chain, text: token.text };
      }
      case "string":
        return { kind: "string", pos: token.pos, value: token.value ?? "", text: token.text };
      case "number": {
        const value = Number(token.text.replace(/_/g, ""));
        if (Number.isNaN(value)) fail(`illegal number syntax: ${JSON.stringify(token.text)}`, token.pos);
        return { kind: "number", pos: token.pos, value, text: token.text };
      }
      case "word":
        if (token.text === "true" || token.text === "false") return { kind: "bool", pos: token.pos, value: token.text === "true" };
        if (token.text === "nil") return { kind: "nil", pos: token.pos };
        if (KEYWORDS.has(token.text)) return fail(`unexpected <${token.text}> in command`, token.pos);
        if (!functions.has(token.text)) return fail(`function ${JSON.stringify(token.text)} not defined`, token.pos);
        return { kind: "function", pos: token.pos, name: token.text };
      default:
        return fail(`unexpected ${quoteToken(token)} in operand`, token.pos);
    }
  }

  /** Parses nodes until `{{end}}` or `{{else}}` (returned as the stopper) or the end of input. */
  function parseList(inside: string | undefined): { nodes: TemplateNode[]; stop: Action | undefined; stopWord: string | undefined } {
    const nodes: TemplateNode[] = [];
    while (index < items.length) {
      const item = items[index] as Item;
      index += 1;
      if (item.kind === "text") {
        nodes.push({ kind: "text", text: item.text });
        continue;
      }
      const { action } = item;
      const first = action.tokens[0];
      if (first === undefined) fail("missing value for command", action.pos);
      const word = first?.type === "word" ? first.text : undefined;
      if (word === "end" || word === "else") {
        if (inside === undefined) fail(`unexpected {{${word}}}`, action.pos);
        return { nodes, stop: action, stopWord: word };
      }
      if (word === "if" || word === "range" || word === "with") {
        nodes.push(parseControl(word, action, action.tokens.slice(1)));
        continue;
      }
      if (word === "define" || word === "template" || word === "block" || word === "break" || word === "continue") {
        fail(`{{${word}}} is not supported by this port of text/template`, action.pos);
      }
      nodes.push({ kind: "action", pos: action.pos, pipe: parsePipeline(action.tokens, action.pos, "command") });
    }
    if (inside !== undefined) fail("unexpected EOF", source.length);
    return { nodes, stop: undefined, stopWord: undefined };
  }

  function parseControl(kind: "if" | "range" | "with", action: Action, tokens: readonly Token[]): TemplateNode {
    const pipe = parsePipeline(tokens, action.pos, kind);
    const body = parseList(kind);
    let elseList: TemplateNode[] | undefined;
    if (body.stopWord === "else") {
      const rest = body.stop?.tokens.slice(1) ?? [];
      const chained = rest[0]?.type === "word" && (rest[0].text === "if" || rest[0].text === "with") ? rest[0].text : undefined;
      if (chained !== undefined && body.stop !== undefined) {
        // `{{else if x}}` is `{{else}}{{if x}}…{{end}}{{end}}` sharing the one `{{end}}`.
        elseList = [parseControl(chained as "if" | "with", body.stop, rest.slice(1))];
        return { kind, pos: action.pos, pipe, list: body.nodes, elseList };
      }
      if (rest.length > 0) fail(`unexpected ${quoteToken(rest[0])} in else`, rest[0]?.pos ?? action.pos);
      const tail = parseList(kind);
      if (tail.stopWord !== "end") fail("expected end; found {{else}}", tail.stop?.pos ?? action.pos);
      elseList = tail.nodes;
    }
    return { kind, pos: action.pos, pipe, list: body.nodes, elseList };
  }

  const { nodes } = parseList(undefined);
  return { source, nodes, functions };
}

function quoteToken(token: Token | undefined): string {
  return token === undefined ? "EOF" : JSON.stringify(token.text);
}
