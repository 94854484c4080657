/**
 * The generic half of the semantic diff: compares two normalised views field
 * by field and reports readable changes. Pure.
 */
import type { SpecChange } from "./spec-change.js";
import { canonicalJson, formatLeaf, type Leaf, type LeafFormatter, type ObjectView, type ViewField } from "./object-view.js";

/** Changes that turn `live` into `desired`, in the desired view's field order. */
export function diffObjectViews(live: ObjectView, desired: ObjectView): SpecChange[] {
  const fields = [...desired.keys(), ...[...live.keys()].filter((field) => !desired.has(field))];
  return fields.flatMap((field) => diffField(field, live.get(field), desired.get(field)));
}

function diffField(field: string, live: ViewField | undefined, desired: ViewField | undefined): SpecChange[] {
  const shape = desired ?? live;
  if (shape === undefined) return [];
  if (shape.kind === "keyed" && (live === undefined || live.kind === "keyed") && (desired === undefined || desired.kind === "keyed")) {
    return diffEntries(field, live?.entries ?? {}, desired?.entries ?? {}, shape.format, shape.sensitive);
  }
  const before = live === undefined ? undefined : valueOf(live);
  const after = desired === undefined ? undefined : valueOf(desired);
  return diffLeaf({ field, path: field }, before, after, shape.format, false);
}

function diffEntries(
  field: string,
  live: Readonly<Record<string, Leaf>>,
  desired: Readonly<Record<string, Leaf>>,
  format: LeafFormatter | undefined,
  sensitive: ((key: string) => boolean) | undefined,
): SpecChange[] {
  const keys = [...Object.keys(desired), ...Object.keys(live).filter((key) => !(key in desired))];
  return keys.flatMap((key) =>
    diffLeaf({ field, key, path: entryPath(field, key) }, live[key], desired[key], format, sensitive?.(key) ?? false),
  );
}

function diffLeaf(
  where: { readonly field: string; readonly key?: string; readonly path: string },
  before: Leaf | undefined,
  after: Leaf | undefined,
  format: LeafFormatter = formatLeaf,
  sensitive: boolean,
): SpecChange[] {
  if (before !== undefined && after !== undefined && canonicalJson(before) === canonicalJson(after)) return [];
  if (before === undefined && after === undefined) return [];
  const base = { ...where, ...(sensitive ? { sensitive: true } : {}) };
  if (before === undefined) return [{ ...base, op: "add", after: format(after as Leaf) }];
  if (after === undefined) return [{ ...base, op: "remove", before: format(before) }];
  return [{ ...base, op: "change", before: format(before), after: format(after) }];
}

/** `env.FOO`, but `labels["traefik.http.routers.x.rule"]` when the key is not a plain identifier. */
export function entryPath(field: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `${field}.${key}` : `${field}[${JSON.stringify(key)}]`;
}

function valueOf(field: ViewField): Leaf {
  return field.kind === "value" ? field.value : field.entries;
}
