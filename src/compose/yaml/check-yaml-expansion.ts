import { isAlias, isMap, isNode, isScalar, isSeq, Scalar, type Alias, type Node, type Pair } from "yaml";
import { ALIAS_RATIO_RANGE_HIGH, ALIAS_RATIO_RANGE_LOW, MAX_NESTING_DEPTH } from "../../source/read-limits.js";

/** Why a document may not be decoded, and the node to point at. */
export interface ExpansionIssue {
  readonly message: string;
  readonly node: unknown;
}

export interface YamlExpansion {
  /** Each alias's anchored node (undefined: unknown anchor), found once instead of per use. */
  readonly aliasTargets: ReadonlyMap<Alias, Node | undefined>;
  /** Values decoded, aliases expanded, as go-yaml counts them. */
  readonly decodeCount: number;
  readonly issue: ExpansionIssue | undefined;
}

/**
 * Each alias's target: the last node anchored with its name before it in
 * document order, which is what go-yaml and `Alias.resolve` pick. One walk,
 * without recursion; `Alias.resolve` walks the whole document on every call.
 */
export function mapAliasTargets(root: unknown): Map<Alias, Node | undefined> {
  const targets = new Map<Alias, Node | undefined>();
  const anchors = new Map<string, Node>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isAlias(node)) {
      targets.set(node, anchors.get(node.source));
      continue;
    }
    if (isNode(node) && node.anchor !== undefined) anchors.set(node.anchor, node);
    const items: readonly unknown[] = isMap(node) ? (node.items as Pair[]).flatMap((pair) => [pair.key, pair.value]) : isSeq(node) ? node.items : [];
    for (let i = items.length - 1; i >= 0; i--) pending.push(items[i]);
  }
  return targets;
}

/** go-yaml's `allowedAliasRatio` (yaml.v3 decode.go): the share of decoded values that may come from aliases. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_RANGE_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_RANGE_HIGH) return 0.1;
  return 0.99 - (0.89 * (decodeCount - ALIAS_RATIO_RANGE_LOW)) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW);
}

class Stop {
  constructor(readonly issue: ExpansionIssue) {}
}

/**
 * Decodes nothing, only counts what go-yaml's decoder would decode into an
 * `interface{}` (docker's compose loader), in its order: keys, then values
 * (values of keys a merge already set are skipped), then the `<<` merge,
 * aliases expanded. It stops the moment the count breaks a rule:
 *
 * - go-yaml's "excessive aliasing" (`decoder.unmarshal`: more than 100 alias
 *   decodes, more than 1000 in all, and a larger share from aliases than
 *   `allowedAliasRatio` allows), so a file docker refuses is refused and one
 *   it accepts is not;
 * - an anchor that contains its own alias (go-yaml: "value contains itself");
 * - Phoenix's own bounds: `maxValues` in all, and `MAX_NESTING_DEPTH`
 *   counting collections reached through aliases and merges, since every
 *   later walk over the value recurses.
 *
 * An error points at the outermost alias being expanded: the place in the
 * file where the expansion starts.
 */
class ExpansionCounter {
  decodeCount = 0;
  private aliasCount = 0;
  private depth = 0;
  private readonly expanding: Alias[] = [];
  private mergedKeys: Set<string> | undefined;

  constructor(
    private readonly targets: ReadonlyMap<Alias, Node | undefined>,
    private readonly maxValues: number,
  ) {}

  private stop(message: string, node: unknown): never {
    throw new Stop({ message, node: this.expanding[0] ?? node });
  }

  decode(node: unknown): void {
    this.decodeCount++;
    if (this.expanding.length > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      this.stop("yaml: document contains excessive aliasing", node);
    }
    if (this.decodeCount > this.maxValues) this.stop(`yaml: document expands to more than ${this.maxValues} values (aliases expanded)`, node);
    if (isAlias(node)) this.decodeAlias(node);
    else if (isSeq(node)) this.nested(node, () => node.items.forEach((item) => this.decode(item)));
    else if (isMap(node)) this.nested(node, () => this.decodeMap(node.items as Pair[]));
  }

  private nested(node: unknown, body: () => void): void {
    if (++this.depth > MAX_NESTING_DEPTH) {
      this.stop(`yaml: nesting deeper than ${MAX_NESTING_DEPTH} levels${this.expanding.length > 0 ? " (aliases expanded)" : ""}`, node);
    }
    body();
    this.depth--;
  }

  private decodeAlias(alias: Alias): void {
    const target = this.targets.get(alias);
    if (target === undefined) return;
    if (this.expanding.includes(alias)) this.stop(`yaml: anchor '${alias.source}' value contains itself`, alias);
    this.expanding.push(alias);
    this.decode(target);
    this.expanding.pop();
  }

  private decodeMap(pairs: readonly Pair[]): void {
    const mergedKeys = this.mergedKeys;
    this.mergedKeys = undefined;
    let merge: unknown;
    for (const pair of pairs) {
      if (isMergeKey(pair.key)) {
        merge = pair.value;
        continue;
      }
      this.decode(pair.key);
      if (mergedKeys !== undefined) {
        const key = this.keyId(pair.key);
        if (mergedKeys.has(key)) continue;
        mergedKeys.add(key);
      }
      this.decode(pair.value);
    }
    this.mergedKeys = mergedKeys;
    if (merge !== undefined) this.decodeMerge(pairs, merge);
  }

  private decodeMerge(pairs: readonly Pair[], merge: unknown): void {
    const mergedKeys = this.mergedKeys;
    if (mergedKeys === undefined) {
      this.mergedKeys = new Set();
      for (const pair of pairs) {
        this.decode(pair.key);
        this.mergedKeys.add(this.keyId(pair.key));
      }
    }
    // A sequence of sources is not itself a decoded value; each source is.
    for (const source of isSeq(merge) ? merge.items : [merge]) this.decode(source);
    this.mergedKeys = mergedKeys;
  }

  /** The identity go-yaml compares merged keys by, close enough: a quoted "1" and a plain 1 differ. */
  private keyId(key: unknown): string {
    const node = isAlias(key) ? this.targets.get(key) : key;
    if (isScalar(node)) return `${node.type === Scalar.PLAIN ? "p" : "q"}:${String(node.value)}`;
    return node === null || node === undefined ? "p:" : "collection";
  }
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.type === Scalar.PLAIN && key.value === "<<" && (key.tag === undefined || key.tag === "!" || key.tag.endsWith("merge"));
}

/** Counts what decoding `root` would decode, stopping at the first broken rule (see `ExpansionCounter`). */
export function checkYamlExpansion(root: unknown, options: { maxValues: number }): YamlExpansion {
  const aliasTargets = mapAliasTargets(root);
  const counter = new ExpansionCounter(aliasTargets, options.maxValues);
  try {
    // go-yaml counts the document node too.
    counter.decodeCount++;
    counter.decode(root);
    return { aliasTargets, decodeCount: counter.decodeCount, issue: undefined };
  } catch (err) {
    if (err instanceof Stop) return { aliasTargets, decodeCount: counter.decodeCount, issue: err.issue };
    throw err;
  }
}
