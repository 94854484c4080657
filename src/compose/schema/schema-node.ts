/**
 * A small JSON-Schema (draft-04) subset, enough to state docker/cli's compose
 * 3.x rules and validate them the way gojsonschema does.
 */

export type JsonType = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";

/** `ports` and `duration` are checked; `expose` is registered as a no-op. */
export type SchemaFormat = "ports" | "duration" | "expose";

export interface SchemaNode {
  /** In the order the CLI's schema lists them (it shapes the "must be a …" text). */
  readonly types?: readonly JsonType[];
  readonly properties?: ReadonlyMap<string, SchemaNode>;
  readonly patternProperties?: readonly (readonly [RegExp, SchemaNode])[];
  /** `false` forbids unlisted keys; undefined allows them. */
  readonly additionalProperties?: false;
  readonly required?: readonly string[];
  readonly items?: SchemaNode;
  readonly uniqueItems?: boolean;
  readonly oneOf?: readonly SchemaNode[];
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly format?: SchemaFormat;
}

/** Property definitions; `undefined` entries (keys of later schema versions) are dropped. */
export type PropertyMap = Readonly<Record<string, SchemaNode | undefined>>;

export const anything: SchemaNode = {};

export function typed(...types: JsonType[]): SchemaNode {
  return { types };
}

export const string = typed("string");
export const integer = typed("integer");
export const number = typed("number");
export const boolean = typed("boolean");

export function withFormat(node: SchemaNode, format: SchemaFormat): SchemaNode {
  return { ...node, format };
}

export interface ObjectOptions {
  readonly types?: readonly JsonType[];
  /** Unlisted keys are rejected unless they match a pattern. */
  readonly closed?: boolean;
  readonly patterns?: readonly (readonly [RegExp, SchemaNode] | undefined)[];
  readonly required?: readonly string[];
}

export function object(properties: PropertyMap, options: ObjectOptions = {}): SchemaNode {
  const entries = Object.entries(properties).filter((entry): entry is [string, SchemaNode] => entry[1] !== undefined);
  const patterns = (options.patterns ?? []).filter((p): p is readonly [RegExp, SchemaNode] => p !== undefined);
  return {
    types: options.types ?? ["object"],
    properties: new Map(entries),
    ...(patterns.length > 0 ? { patternProperties: patterns } : {}),
    ...(options.closed ? { additionalProperties: false as const } : {}),
    ...(options.required ? { required: options.required } : {}),
  };
}

export function array(items: SchemaNode, uniqueItems = false): SchemaNode {
  return { types: ["array"], items, ...(uniqueItems ? { uniqueItems } : {}) };
}

export function oneOf(...branches: SchemaNode[]): SchemaNode {
  return { oneOf: branches };
}

/** A schema part that exists from compose 3.`minor` on (undefined before, so it is dropped). */
export function since(current: number, minor: number, node: SchemaNode): SchemaNode | undefined {
  return current >= minor ? node : undefined;
}

/** `x-*` extension keys, accepted with any value. */
export const EXTENSIONS: readonly [RegExp, SchemaNode] = [/^x-/, anything];
