/**
 * A flat, normalised view of a Swarm object for diffing: readable field names
 * (compose vocabulary) mapped to JSON values. A keyed field (env, labels,
 * networks, volumes, ...) is compared entry by entry; any other field is
 * compared as a whole. Fields that are absent or empty are left out, so
 * "absent", `{}` and `[]` compare equal, as they do for the daemon.
 */

export type Leaf = string | number | boolean | null | readonly Leaf[] | { readonly [key: string]: Leaf };

export type LeafFormatter = (value: Leaf) => string;

export interface ValueField {
  readonly kind: "value";
  readonly value: Leaf;
  readonly format?: LeafFormatter;
}

export interface KeyedField {
  readonly kind: "keyed";
  readonly entries: Readonly<Record<string, Leaf>>;
  readonly format?: LeafFormatter;
  /** Entry values are secret by default (env): changes carry `sensitive: true`. */
  readonly sensitive?: (key: string) => boolean;
}

export type ViewField = ValueField | KeyedField;

/** Field name → value, in display order. */
export type ObjectView = ReadonlyMap<string, ViewField>;

/** Collects fields in order, dropping undefined values and empty collections. */
export class ObjectViewBuilder {
  private readonly fields = new Map<string, ViewField>();

  value(field: string, value: Leaf | undefined, format?: LeafFormatter): this {
    if (value === undefined || isEmptyLeaf(value)) return this;
    this.fields.set(field, format === undefined ? { kind: "value", value } : { kind: "value", value, format });
    return this;
  }

  keyed(
    field: string,
    entries: Readonly<Record<string, Leaf>> | undefined,
    options: { format?: LeafFormatter; sensitive?: (key: string) => boolean } = {},
  ): this {
    if (entries === undefined || Object.keys(entries).length === 0) return this;
    this.fields.set(field, { kind: "keyed", entries, ...options });
    return this;
  }

  build(): ObjectView {
    return new Map(this.fields);
  }
}

function isEmptyLeaf(value: Leaf): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (value !== null && typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/** JSON with object keys sorted: two leaves are equal when their canonical forms are. */
export function canonicalJson(value: Leaf): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as { readonly [key: string]: Leaf };
    const keys = Object.keys(record).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k] as Leaf)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Default rendering: strings as they are, everything else as compact JSON. */
export function formatLeaf(value: Leaf): string {
  return typeof value === "string" ? value : canonicalJson(value);
}
