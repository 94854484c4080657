import { Composer, Lexer, Parser, YAMLParseError, type CST, type Document, type DocumentOptions, type LineCounter, type ParseOptions, type SchemaOptions } from "yaml";
import { MAX_NESTING_DEPTH } from "../../source/read-limits.js";
import { checkYamlExpansion } from "./check-yaml-expansion.js";

export type BoundedYamlOptions = ParseOptions & DocumentOptions & SchemaOptions & { readonly lineCounter?: LineCounter };

const COLLECTIONS = new Set(["block-map", "block-seq", "flow-collection"]);

/** Collections open on the parser's stack (it also holds the document and the token being read). */
function openCollections(stack: readonly CST.Token[]): number {
  let count = 0;
  for (const token of stack) if (COLLECTIONS.has(token.type)) count++;
  return count;
}

export const nestingMessage = `yaml: nesting deeper than ${MAX_NESTING_DEPTH} levels`;

/**
 * The CST of a YAML stream, read token by token so that it stops where
 * collections nest deeper than `MAX_NESTING_DEPTH`: the `yaml` parser slows
 * down with depth (100,000 levels take seconds) and its composer recurses
 * once per level until the stack overflows, so a deep document must be
 * refused before either runs. `tooDeepAt` is the offset of the refusal.
 */
function parseTokens(text: string, lineCounter: LineCounter | undefined): { tokens: CST.Token[] } | { tooDeepAt: number } {
  const parser = new Parser(lineCounter?.addNewLine);
  lineCounter?.addNewLine(0);
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    const offset = parser.offset;
    for (const token of parser.next(lexeme)) tokens.push(token);
    // Counted only once the stack is that long; reading stops one level past the limit, so this stays cheap.
    if (parser.stack.length > MAX_NESTING_DEPTH && openCollections(parser.stack) > MAX_NESTING_DEPTH) return { tooDeepAt: offset };
  }
  for (const token of parser.end()) tokens.push(token);
  return { tokens };
}

/**
 * `parseAllDocuments` of the `yaml` package, refusing a stream nested deeper
 * than `MAX_NESTING_DEPTH` (then `docs` is empty). Aliases are not expanded
 * here: check a document with `checkYamlExpansion` before walking it.
 */
export function parseYamlDocuments(text: string, options: BoundedYamlOptions): { docs: Document.Parsed[]; tooDeepAt?: number } {
  const parsed = parseTokens(text, options.lineCounter);
  if ("tooDeepAt" in parsed) return { docs: [], tooDeepAt: parsed.tooDeepAt };
  return { docs: Array.from(new Composer(options).compose(parsed.tokens)) };
}

/**
 * `parseDocument` of the `yaml` package (one document, later ones are an
 * error), with every bound of a compose file: nesting, go-yaml's alias rule
 * and at most `maxValues` values once aliases are expanded. A broken bound is
 * one more error of the document, positioned like a syntax error, so
 * `doc.toJS()` is only safe to call when `doc.errors` is empty.
 */
export function parseBoundedYamlDocument(text: string, options: BoundedYamlOptions, maxValues: number): Document.Parsed {
  const parsed = parseTokens(text, options.lineCounter);
  const composer = new Composer(options);
  if ("tooDeepAt" in parsed) {
    const [empty] = Array.from(composer.compose([], true, text.length));
    const doc = empty as Document.Parsed;
    doc.errors.push(new YAMLParseError([parsed.tooDeepAt, parsed.tooDeepAt + 1], "RESOURCE_EXHAUSTION", nestingMessage));
    return doc;
  }
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(parsed.tokens, true, text.length)) {
    if (doc === undefined) doc = next;
    else {
      doc.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
      break;
    }
  }
  // compose(…, forceDoc) always yields a document.
  const first = doc as Document.Parsed;
  if (first.errors.length > 0) return first;
  const { issue } = checkYamlExpansion(first.contents, { maxValues });
  if (issue) {
    const start = (issue.node as { range?: readonly number[] } | null)?.range?.[0] ?? 0;
    first.errors.push(new YAMLParseError([start, start + 1], "RESOURCE_EXHAUSTION", issue.message));
  }
  return first;
}
