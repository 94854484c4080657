import { HostName } from "./primitives.js";

/** One matcher of a rule: `Host(`a`, `b`)` is `{ name: "Host", args: ["a", "b"] }`. */
export interface RuleMatcher {
  readonly name: string;
  readonly args: readonly string[];
}

export type ParsedRule = { readonly matchers: readonly RuleMatcher[]; readonly error?: undefined } | { readonly error: string };

type Token = { kind: "op" | "name" | "string"; text: string; at: number };

/** Deeper grouping than this is no rule a person wrote, and the parser recurses once per level. */
const MAX_NESTING = 32;

/**
 * Parses a rule with Traefik's rule grammar: matchers `Name(args)` whose
 * arguments are backtick or double-quoted strings, joined by `&&` and `||`,
 * negated with `!`, grouped with parentheses, on one line. Every matcher in
 * source order, or the first problem with its column.
 */
export function parseTraefikRule(rule: string): ParsedRule {
  const tokens = tokenizeRule(rule);
  if (typeof tokens === "string") return { error: tokens };
  return new RuleParser(tokens).parse();
}

/** Why a rule is not one Traefik expression whose `Host()` names are host names; undefined when it is. */
export function checkTraefikRule(rule: string): string | undefined {
  const parsed = parseTraefikRule(rule);
  if (parsed.error !== undefined) return parsed.error;
  for (const matcher of parsed.matchers) {
    if (matcher.name !== "Host") continue;
    // These names become DNS records and NGINX server names.
    for (const host of matcher.args) if (!HostName.safeParse(host).success) return `Host() name ${JSON.stringify(host)} is not a host name`;
  }
  return undefined;
}

function tokenizeRule(rule: string): Token[] | string {
  const tokens: Token[] = [];
  for (let i = 0; i < rule.length; ) {
    const c = rule[i] ?? "";
    if (c === " ") i++;
    else if (rule.startsWith("&&", i) || rule.startsWith("||", i)) {
      tokens.push({ kind: "op", text: rule.slice(i, i + 2), at: i });
      i += 2;
    } else if ("()!,".includes(c)) {
      tokens.push({ kind: "op", text: c, at: i });
      i++;
    } else if (/[A-Za-z]/.test(c)) {
      const name = /^[A-Za-z][A-Za-z0-9]*/.exec(rule.slice(i))?.[0] ?? c;
      tokens.push({ kind: "name", text: name, at: i });
      i += name.length;
    } else if (c === "`" || c === '"') {
      const end = findClosingQuote(rule, i);
      if (end === -1) return `the string at column ${i + 1} is not closed`;
      const raw = rule.slice(i + 1, end);
      tokens.push({ kind: "string", text: c === "`" ? raw : raw.replace(/\\(.)/g, "$1"), at: i });
      i = end + 1;
    } else return `unexpected ${JSON.stringify(c)} at column ${i + 1}`;
  }
  return tokens;
}

/** Index of the quote closing the string that starts at `start`; Go's double-quoted strings escape with `\`. */
function findClosingQuote(rule: string, start: number): number {
  const quote = rule[start];
  for (let i = start + 1; i < rule.length; i++) {
    if (quote === '"' && rule[i] === "\\") i++;
    else if (rule[i] === quote) return i;
  }
  return -1;
}

class RuleParser {
  private index = 0;
  private depth = 0;
  private readonly matchers: RuleMatcher[] = [];

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): ParsedRule {
    if (this.tokens.length === 0) return { error: "it is empty" };
    const problem = this.expression();
    if (problem !== undefined) return { error: problem };
    const rest = this.tokens[this.index];
    return rest === undefined ? { matchers: this.matchers } : { error: `unexpected ${JSON.stringify(rest.text)} at column ${rest.at + 1}` };
  }

  private expression(): string | undefined {
    for (;;) {
      const problem = this.term();
      if (problem !== undefined) return problem;
      const next = this.tokens[this.index];
      if (next?.kind !== "op" || (next.text !== "&&" && next.text !== "||")) return undefined;
      this.index++;
    }
  }

  private term(): string | undefined {
    while (this.peek("!")) this.index++;
    const token = this.tokens[this.index++];
    if (token === undefined) return "it ends where a matcher is expected";
    if (token.kind === "op" && token.text === "(") {
      if (++this.depth > MAX_NESTING) return `parentheses nested deeper than ${MAX_NESTING}`;
      const problem = this.expression();
      this.depth--;
      return problem ?? this.expect(")");
    }
    if (token.kind !== "name") return `expected a matcher such as Host(...) at column ${token.at + 1}`;
    const open = this.expect("(");
    if (open !== undefined) return open;
    const args: string[] = [];
    while (!this.peek(")")) {
      if (this.index >= this.tokens.length) return `it ends where ")" is expected`;
      const arg = this.tokens[this.index++];
      if (arg?.kind !== "string") return `${token.text}() takes quoted arguments (column ${(arg?.at ?? 0) + 1})`;
      args.push(arg.text);
      if (!this.peek(")") && this.index < this.tokens.length) {
        const comma = this.expect(",");
        if (comma !== undefined) return comma;
      }
    }
    this.index++;
    if (args.length === 0) return `${token.text}() has no argument`;
    this.matchers.push({ name: token.text, args });
    return undefined;
  }

  private peek(text: string): boolean {
    const token = this.tokens[this.index];
    return token?.kind === "op" && token.text === text;
  }

  private expect(text: string): string | undefined {
    const token = this.tokens[this.index];
    if (token?.kind === "op" && token.text === text) {
      this.index++;
      return undefined;
    }
    return token === undefined ? `it ends where ${JSON.stringify(text)} is expected` : `expected ${JSON.stringify(text)} at column ${token.at + 1}`;
  }
}
