import { LineCounter, isAlias, isMap, isScalar, isSeq, Scalar, type Alias, type Node, type Pair } from "yaml";
import { MAX_COMPOSE_YAML_VALUES } from "../../source/read-limits.js";
import type { ComposeCompat } from "../types.js";
import { checkYamlExpansion } from "./check-yaml-expansion.js";
import { formatGoValue } from "../../go/fmt.js";
import { quoteGoString } from "../../go/strconv.js";
import { nestingMessage, parseYamlDocuments } from "./parse-yaml-bounded.js";
import { resolveGoScalar } from "./resolve-go-scalar.js";
import { SourcePositions } from "../../positions/path-positions.js";
import { yamlNodeStart, yamlOffsetToPosition, type Position } from "../../positions/position.js";
import { isYamlMap, type PathSegment, type YamlMap, type YamlValue } from "./yaml-value.js";

/** A problem found while reading the YAML, with the CLI's wording. */
export interface YamlIssue {
  readonly message: string;
  readonly path: readonly PathSegment[];
  readonly position: Position | undefined;
}

export interface ParsedComposeYaml {
  /** Undefined when the document is not a mapping or could not be read. */
  readonly root: YamlMap | undefined;
  readonly positions: SourcePositions;
  readonly issues: readonly YamlIssue[];
  /** Values decoded, aliases expanded (0 when the document was refused before decoding). */
  readonly valueCount: number;
}

/**
 * Turns one compose file into Go-typed values with positions (see
 * `resolve-go-scalar.ts`). It recurses and expands every alias: only run it
 * on a document `checkYamlExpansion` accepted, which bounds both.
 */
class ComposeYamlReader {
  readonly positions = new SourcePositions();
  readonly issues: YamlIssue[] = [];

  constructor(
    private readonly aliasTargets: ReadonlyMap<Alias, Node | undefined>,
    private readonly lines: LineCounter,
    private readonly compat: ComposeCompat,
  ) {}

  positionOf(node: unknown): Position | undefined {
    const start = yamlNodeStart(node);
    return start === undefined ? undefined : yamlOffsetToPosition(this.lines, start);
  }

  issue(message: string, path: readonly PathSegment[], node: unknown): void {
    this.issues.push({ message, path, position: this.positionOf(node) ?? this.positions.value(path) });
  }

  /** `own` is false for merge sources, whose own position must not replace the merging map's. */
  read(node: unknown, path: readonly PathSegment[], own = true): YamlValue {
    const position = this.positionOf(node);
    if (position && own) this.positions.setValue(path, position);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.readAlias(this.aliasTargets.get(node), path, node);
    if (isScalar(node)) return this.readScalar(node, path);
    if (isMap(node)) return this.readMap(node.items as Pair[], path);
    if (isSeq(node)) return node.items.map((item, index) => this.read(item, [...path, index]));
    return null;
  }

  /** An alias keeps its own position; the aliased content keeps the anchor's. */
  private readAlias(target: unknown, path: readonly PathSegment[], alias: unknown): YamlValue {
    if (target === undefined) {
      this.issue("yaml: anchor expansion is too deep or unknown", path, alias);
      return null;
    }
    return this.read(target, path, false);
  }

  private readScalar(node: Scalar, path: readonly PathSegment[]): YamlValue {
    const text = String(node.value ?? "");
    const result = resolveGoScalar(text, this.compat, { tag: node.tag, quoted: node.type !== Scalar.PLAIN });
    if ("error" in result) {
      this.issue(result.error, path, node);
      return text;
    }
    return result.value;
  }

  private isMergeKey(key: unknown): boolean {
    return isScalar(key) && key.type === Scalar.PLAIN && key.value === "<<" && (key.tag === undefined || key.tag.endsWith("merge"));
  }

  private keyOf(key: unknown): { value: YamlValue; kind: string; raw: string } {
    if (isAlias(key)) return { ...this.keyOf(this.aliasTargets.get(key)), kind: "alias" };
    if (isScalar(key)) {
      const raw = String(key.value ?? "");
      const result = resolveGoScalar(raw, this.compat, { tag: key.tag, quoted: key.type !== Scalar.PLAIN });
      return { value: "error" in result ? raw : result.value, kind: "scalar", raw };
    }
    if (key === null || key === undefined) return { value: null, kind: "scalar", raw: "" };
    return { value: this.read(key, []), kind: isMap(key) ? "map" : "seq", raw: "" };
  }

  private nonStringKey(key: YamlValue, path: readonly PathSegment[], node: unknown): void {
    if (this.compat === "20.10") {
      const where = path.length === 0 ? "at top level" : `in ${legacyPrefix(path)}`;
      this.issue(`Non-string key ${where}: ${formatGoValue(key)}`, path, node);
    } else if (path.length === 0) {
      this.issue("top-level object must be a mapping", path, node);
    } else {
      this.issue("json: unsupported type: map[interface {}]interface {}", path, node);
    }
  }

  /** `seen` maps each scalar key's text to its first line: a linear search made large mappings quadratic. */
  private checkDuplicate(seen: Map<string, number>, key: { kind: string; raw: string }, node: unknown, path: readonly PathSegment[]): void {
    if (this.compat === "20.10" || key.kind !== "scalar") return;
    const line = this.positionOf(node)?.line ?? 0;
    const first = seen.get(key.raw);
    if (first !== undefined) {
      this.issue(`yaml: unmarshal errors:\n  line ${line}: mapping key ${quoteGoString(key.raw)} already defined at line ${first}`, path, node);
    } else seen.set(key.raw, line);
  }

  private readMergeSources(pairs: readonly Pair[], path: readonly PathSegment[]): YamlMap[] {
    const sources: unknown[] = [];
    for (const pair of pairs) {
      if (!this.isMergeKey(pair.key)) continue;
      const value = isAlias(pair.value) ? this.aliasTargets.get(pair.value) : pair.value;
      if (isSeq(value)) sources.push(...value.items);
      else sources.push(pair.value);
    }
    const maps: YamlMap[] = [];
    // Read in reverse so that positions of earlier sources (which win) are recorded last.
    for (const source of [...sources].reverse()) {
      const value = this.read(source, path, false);
      if (isYamlMap(value)) maps.unshift(value);
      else this.issue("yaml: map merge requires map or sequence of maps as the value", path, source);
    }
    return maps;
  }

  private readMap(pairs: readonly Pair[], path: readonly PathSegment[]): YamlMap {
    const merged = new Map<string, YamlValue>();
    for (const source of this.readMergeSources(pairs, path)) {
      for (const [key, value] of source) if (!merged.has(key)) merged.set(key, value);
    }
    const result: YamlMap = new Map();
    const seen = new Map<string, number>();
    for (const pair of pairs) {
      const key = this.keyOf(pair.key);
      this.checkDuplicate(seen, key, pair.key, path);
      if (this.isMergeKey(pair.key)) continue;
      if (typeof key.value !== "string") {
        this.nonStringKey(key.value, path, pair.key);
        continue;
      }
      const childPath = [...path, key.value];
      const keyPosition = this.positionOf(pair.key);
      if (keyPosition) this.positions.setKey(childPath, keyPosition);
      const value = this.read(pair.value, childPath);
      if (this.compat === "20.10" || !result.has(key.value)) result.set(key.value, value);
    }
    for (const [key, value] of merged) if (!result.has(key)) result.set(key, value);
    return result;
  }
}

/** docker/cli 20.10 names nested keys `a.b` and list items `a[0]` in its non-string-key error. */
function legacyPrefix(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) out += typeof segment === "number" ? `[${segment}]` : out === "" ? segment : `.${segment}`;
  return out;
}

/** Parses a compose file the way docker/cli's `loader.ParseYAML` does (first document only). */
export function parseComposeYaml(text: string, compat: ComposeCompat): ParsedComposeYaml {
  const lines = new LineCounter();
  const parsed = parseYamlDocuments(text, { schema: "failsafe", lineCounter: lines, uniqueKeys: false, merge: false, prettyErrors: false });
  const positions = new SourcePositions();
  const at = (offset: number) => yamlOffsetToPosition(lines, offset);
  const refused = (message: string, position: Position): ParsedComposeYaml => ({ root: undefined, positions, issues: [{ message, path: [], position }], valueCount: 0 });
  if (parsed.tooDeepAt !== undefined) return refused(nestingMessage, at(parsed.tooDeepAt));
  const doc = parsed.docs[0];
  const mappingError = compat === "20.10" ? "Top-level object must be a mapping" : "top-level object must be a mapping";
  if (!doc) return refused(mappingError, { line: 1, column: 1 });
  const syntax = doc.errors[0];
  if (syntax) {
    const position = at(syntax.pos[0]);
    return refused(`yaml: line ${position.line}: ${syntax.message.split("\n")[0] ?? ""}`, position);
  }
  // Count before decoding: an alias bomb is a few hundred bytes that decode to billions of values.
  const expansion = checkYamlExpansion(doc.contents, { maxValues: MAX_COMPOSE_YAML_VALUES });
  if (expansion.issue) {
    return refused(expansion.issue.message, at(yamlNodeStart(expansion.issue.node) ?? 0));
  }
  const reader = new ComposeYamlReader(expansion.aliasTargets, lines, compat);
  const root = reader.read(doc.contents, []);
  const valueCount = expansion.decodeCount;
  if (!isYamlMap(root)) {
    return { root: undefined, positions: reader.positions, issues: [{ message: mappingError, path: [], position: reader.positionOf(doc.contents) ?? { line: 1, column: 1 } }], valueCount };
  }
  return { root, positions: reader.positions, issues: reader.issues, valueCount };
}
