/**
 * Masking by value: every occurrence of a known secret value, in any string,
 * becomes `SENSITIVE_TEXT`. Field rules (`env.DB_PASSWORD` is sensitive)
 * miss a secret that was interpolated into a command, a label, a URL or an
 * error message; a value is recognised wherever it went. A neutral module:
 * it imports nothing, so every stage can mask with it.
 */
import type { Diagnostic } from "../errors.js";
import { quoteGoString } from "../go/strconv.js";

/** What Phoenix prints instead of a secret value, everywhere. */
export const SENSITIVE_TEXT = "(sensitive)";

/**
 * Shorter values are masked by field only: masking every `on`, `1` or
 * `abc` in a plan would hide the plan, and a value that short is guessed,
 * not leaked.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Lines of a secret file shorter than this are not masked on their own: a
 * JSON or YAML secret has lines like `true` or `},` that would otherwise be
 * masked in every plan. A PEM line is 64 characters.
 */
export const MIN_SECRET_LINE_LENGTH = 8;

/**
 * A secret file's content, and each of its lines (a password file ends with
 * a newline; a key or a `.env`-style file may be quoted one line at a time).
 */
export function splitSecretContent(content: string): string[] {
  const lines = content.split(/\r?\n|\\n/).map((line) => line.trim());
  return [content, ...lines.filter((line) => line.length >= MIN_SECRET_LINE_LENGTH)];
}

/** Length of the prefix values are indexed by; at most MIN_SECRET_LENGTH. */
const KEY_LENGTH = MIN_SECRET_LENGTH;
const BLOOM_BITS = 1 << 16;

export interface SecretMaskerOptions {
  /** Keep at most this many values, dropping the least recently added (a long-running process meets ever new tokens). */
  readonly limit?: number;
}

/**
 * The set of secret values of a run (or of the process) and the forms in
 * which they can appear in output: as is, JSON-escaped (log lines, `--json`
 * written by someone else), Go-quoted (docker's `%q` in compose errors) and
 * URL-encoded (a password inside a URL). Base64 is not included: nothing
 * Phoenix prints encodes a value so (Swarm secret and config data appear as
 * sha256 only), and base64 of a value inside a longer string does not even
 * contain the value's own base64.
 *
 * Matching is one left-to-right pass, longest value first at each position,
 * over an index of the values' first four characters: linear in the text
 * whatever the number of values (one regular expression alternating 5,000
 * values takes about half a second per megabyte; this, a tenth of that).
 */
export class SecretMasker {
  readonly #values = new Map<string, readonly string[]>();
  readonly #limit: number;
  #index: MaskIndex | undefined;

  constructor(values: Iterable<string> = [], options: SecretMaskerOptions = {}) {
    this.#limit = options.limit ?? Number.POSITIVE_INFINITY;
    this.add(values);
  }

  /** Registers values (shorter than MIN_SECRET_LENGTH: ignored). A value added again counts as recent. */
  add(values: Iterable<string>): this {
    for (const value of values) {
      if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) continue;
      this.#values.delete(value);
      this.#values.set(value, encodeForms(value));
      this.#index = undefined;
    }
    for (const oldest of this.#values.keys()) {
      if (this.#values.size <= this.#limit) break;
      this.#values.delete(oldest);
    }
    return this;
  }

  /** Every value this masker hides (not their encoded forms). */
  values(): string[] {
    return [...this.#values.keys()];
  }

  get size(): number {
    return this.#values.size;
  }

  /** `text` with every secret value (in any of its forms) replaced by SENSITIVE_TEXT. */
  maskText(text: string): string {
    if (this.#values.size === 0 || text.length < KEY_LENGTH) return text;
    const index = (this.#index ??= buildIndex(this.#values));
    let out = "";
    let last = 0;
    const end = text.length - KEY_LENGTH;
    for (let i = 0; i <= end; i++) {
      const key = hashPrefix(text, i);
      if (index.bloom[bloomSlot(key)] === 0) continue;
      const candidates = index.byPrefix.get(key);
      if (candidates === undefined) continue;
      const found = candidates.find((form) => text.startsWith(form, i));
      if (found === undefined) continue;
      out += text.slice(last, i) + SENSITIVE_TEXT;
      last = i + found.length;
      i = last - 1;
    }
    return last === 0 ? text : out + text.slice(last);
  }

  /**
   * A copy of `value` with every string masked, object keys included, at any
   * depth. Plain data only: class instances other than arrays and plain
   * objects (an Error, a Date) are turned into their masked string form.
   */
  maskDeep<T>(value: T): T {
    return this.#maskValue(value, new WeakSet()) as T;
  }

  maskDiagnostic(diagnostic: Diagnostic): Diagnostic {
    if (this.#values.size === 0) return diagnostic;
    return this.maskDeep(diagnostic);
  }

  maskDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
    return diagnostics.map((d) => this.maskDiagnostic(d));
  }

  #maskValue(value: unknown, seen: WeakSet<object>): unknown {
    if (typeof value === "string") return this.maskText(value);
    if (typeof value !== "object" || value === null) return value;
    if (seen.has(value)) return "[Circular]";
    seen.add(value);
    try {
      if (Array.isArray(value)) return value.map((item) => this.#maskValue(item, seen));
      if (value instanceof Map) return new Map([...value].map(([k, v]) => [this.#maskValue(k, seen), this.#maskValue(v, seen)]));
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return this.maskText(String(value));
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[this.maskText(key)] = this.#maskValue(item, seen);
      return out;
    } finally {
      seen.delete(value);
    }
  }
}

export function createSecretMasker(values: Iterable<string> = [], options: SecretMaskerOptions = {}): SecretMasker {
  return new SecretMasker(values, options);
}

interface MaskIndex {
  /** Forms by the hash of their first KEY_LENGTH characters, longest first. */
  readonly byPrefix: Map<number, string[]>;
  /** One byte per hash slot: most positions of a text are rejected without a Map lookup. */
  readonly bloom: Uint8Array;
}

function buildIndex(values: ReadonlyMap<string, readonly string[]>): MaskIndex {
  const forms = [...new Set([...values.values()].flat())].sort((a, b) => b.length - a.length);
  const byPrefix = new Map<number, string[]>();
  const bloom = new Uint8Array(BLOOM_BITS);
  for (const form of forms) {
    const key = hashPrefix(form, 0);
    const list = byPrefix.get(key);
    if (list === undefined) byPrefix.set(key, [form]);
    else list.push(form);
    bloom[bloomSlot(key)] = 1;
  }
  return { byPrefix, bloom };
}

function hashPrefix(text: string, at: number): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < KEY_LENGTH; k++) hash = Math.imul(hash ^ text.charCodeAt(at + k), 0x01000193);
  return hash | 0;
}

function bloomSlot(hash: number): number {
  return (hash ^ (hash >>> 16)) & (BLOOM_BITS - 1);
}

/** The value and the forms it takes once escaped for JSON, quoted by Go or put into a URL. */
function encodeForms(value: string): string[] {
  // Most values are plain: every encoding leaves them as they are.
  if (/^[\w.~*'()!-]*$/.test(value)) return [value];
  const forms = new Set([value, JSON.stringify(value).slice(1, -1), quoteGoString(value).slice(1, -1), encodeURIComponent(value)]);
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}
