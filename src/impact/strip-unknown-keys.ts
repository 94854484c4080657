import type { z } from "zod";
import { findUnknownKeys } from "../config/find-unknown-keys.js";

/**
 * A copy of a validated config value without the keys its schema does not
 * declare: the loader keeps them (and warns), but nothing consumes them, so
 * a change there is no change.
 */
export function stripUnknownKeys(schema: z.ZodType, value: unknown): unknown {
  const copy = structuredClone(value);
  // Deepest first, so removing a key never shifts the path of another.
  const paths = findUnknownKeys(schema, copy).sort((a, b) => b.length - a.length);
  for (const path of paths) {
    const parent = path.slice(0, -1).reduce<unknown>((node, segment) => (node as Record<string | number, unknown> | undefined)?.[segment], copy);
    const key = path[path.length - 1];
    if (parent !== null && typeof parent === "object" && key !== undefined) delete (parent as Record<string | number, unknown>)[key];
  }
  return copy;
}
