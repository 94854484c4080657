/**
 * Fields of an Engine API object that the view builders do not know by name
 * (newer API versions, hand-made specs) still take part in the diff, under
 * `x.<Object>.<Field>`, so that "no change reported" always means "equal".
 */
import type { Leaf, ObjectViewBuilder } from "./object-view.js";

export function addUnknownFields(
  builder: ObjectViewBuilder,
  prefix: string,
  object: object | undefined,
  known: readonly string[],
): void {
  if (object === undefined) return;
  for (const [key, value] of Object.entries(object)) {
    if (known.includes(key) || value === undefined || value === null) continue;
    builder.value(`x.${prefix}.${key}`, toLeaf(value));
  }
}

/** A JSON value as a Leaf (drops functions and undefined like JSON.stringify does). */
export function toLeaf(value: unknown): Leaf | undefined {
  const json = JSON.stringify(value);
  return json === undefined ? undefined : (JSON.parse(json) as Leaf);
}
