import { z } from "zod";
import type { JsonPath } from "./json-document.js";

/** An object key the schema does not declare, and the keys it declares there (for "did you mean"). */
export interface UnknownKey {
  readonly path: JsonPath;
  readonly known: readonly string[];
}

/**
 * Paths of the object keys a schema does not declare. The schemas are loose
 * (unknown keys are kept), so zod itself never reports them; this walk mirrors
 * the schema over the value instead. Where the value does not fit the schema
 * the walk stops: that part already has an error.
 */
export function findUnknownKeys(schema: z.ZodType, value: unknown): JsonPath[] {
  return findUnknownKeyEntries(schema, value).map((entry) => entry.path);
}

/** `findUnknownKeys` with the keys declared beside each unknown one. */
export function findUnknownKeyEntries(schema: z.ZodType, value: unknown, path: JsonPath = []): UnknownKey[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) return findInObject(inner, value, path);
  if (inner instanceof z.ZodArray) {
    if (!Array.isArray(value)) return [];
    const element = inner.element as z.ZodType;
    return value.flatMap((item, i) => findUnknownKeyEntries(element, item, [...path, i]));
  }
  if (inner instanceof z.ZodRecord) {
    if (!isPlainObject(value)) return [];
    const valueType = inner.valueType as z.ZodType;
    return Object.entries(value).flatMap(([k, v]) => findUnknownKeyEntries(valueType, v, [...path, k]));
  }
  if (inner instanceof z.ZodUnion) {
    const option = pickUnionOption(inner.options as readonly z.ZodType[], value, (inner._zod.def as { discriminator?: string }).discriminator);
    return option ? findUnknownKeyEntries(option, value, path) : [];
  }
  return [];
}

function findInObject(schema: z.ZodObject, value: unknown, path: JsonPath): UnknownKey[] {
  if (!isPlainObject(value)) return [];
  const shape = schema.shape as Record<string, z.ZodType>;
  const catchall = schema._zod.def.catchall as z.ZodType | undefined;
  const out: UnknownKey[] = [];
  for (const [key, child] of Object.entries(value)) {
    const declared = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (declared) out.push(...findUnknownKeyEntries(declared, child, [...path, key]));
    else if (catchall && !(catchall instanceof z.ZodUnknown) && !(catchall instanceof z.ZodAny))
      out.push(...findUnknownKeyEntries(catchall, child, [...path, key]));
    else out.push({ path: [...path, key], known: Object.keys(shape) });
  }
  return out;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault || current instanceof z.ZodReadonly)
      current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return current;
  }
}

/** The option the value was meant for: the one it satisfies, else the one its discriminator names, else the one of its JSON kind. */
function pickUnionOption(options: readonly z.ZodType[], value: unknown, discriminator: string | undefined): z.ZodType | undefined {
  const valid = options.find((o) => o.safeParse(value).success);
  if (valid) return valid;
  // `{ kind: ssh, sshOptions: [bad] }` is an ssh target with a bad option, not a local target with unknown keys.
  if (discriminator !== undefined && isPlainObject(value)) {
    const tagged = options.find((o) => {
      const inner = unwrap(o);
      const tag = inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>)[discriminator] : undefined;
      return tag !== undefined && tag.safeParse(value[discriminator]).success;
    });
    if (tagged) return tagged;
  }
  if (isPlainObject(value)) return options.find((o) => unwrap(o) instanceof z.ZodObject);
  if (Array.isArray(value)) return options.find((o) => unwrap(o) instanceof z.ZodArray);
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
