/**
 * Nodes as code (pure): the labels a node should carry, from the labels it
 * carries now and the labels this Phoenix instance wants on it.
 *
 * - Every wanted label is set (a label set by hand under the same key is
 *   taken over).
 * - A label this instance set before (its `org.phoenix.owned-labels.<instance>`
 *   record lists it) and no longer wants is removed, unless another
 *   instance's record lists it too or it is `retained` (the placement label
 *   of an orphaned stack that is kept: removing it would stop its tasks).
 * - Every other label is left as it is.
 * The record is rewritten to the keys this instance now owns, and removed
 * when there are none. Equal input gives equal output: a second sync writes
 * nothing.
 */
import type { NodeInfo } from "../../engine/engine-objects.js";
import { formatOwnedLabels, OWNED_LABELS_PREFIX, ownedLabelsKey, parseOwnedLabels } from "../../engine/node-labels.js";
import type { FieldChange, NodeChange } from "../plan.js";

export interface NodeLabelOptions {
  readonly instance: string;
  /** Keys never removed even when this instance owns them and no longer wants them. */
  readonly retained?: ReadonlySet<string>;
  /**
   * Set and change only; remove nothing yet. A sync labels nodes this way
   * before it deploys the stacks and removes stale labels after them, so
   * that a service never waits without any node its constraint matches.
   */
  readonly keepStale?: boolean;
}

export function mergeNodeLabels(
  live: Readonly<Record<string, string>>,
  wanted: ReadonlyMap<string, string>,
  options: NodeLabelOptions,
): Record<string, string> {
  const recordKey = ownedLabelsKey(options.instance);
  const ownedBefore = parseOwnedLabels(live[recordKey]);
  const ownedByOthers = new Set(
    Object.entries(live)
      .filter(([key]) => key.startsWith(OWNED_LABELS_PREFIX) && key !== recordKey)
      .flatMap(([, value]) => parseOwnedLabels(value)),
  );
  const next: Record<string, string> = { ...live };
  const owned = new Set<string>();
  for (const key of ownedBefore) {
    if (wanted.has(key) || !(key in live)) continue;
    if (options.retained?.has(key) || options.keepStale) owned.add(key);
    else if (!ownedByOthers.has(key)) delete next[key];
  }
  for (const [key, value] of wanted) {
    next[key] = value;
    owned.add(key);
  }
  if (owned.size === 0) delete next[recordKey];
  else next[recordKey] = formatOwnedLabels(owned);
  return next;
}

/** What applying the merged labels changes on a node, as `labels["key"]` fields in key order. */
export function diffNodeLabels(live: Readonly<Record<string, string>>, next: Readonly<Record<string, string>>): FieldChange[] {
  const keys = [...new Set([...Object.keys(live), ...Object.keys(next)])].sort();
  const fields: FieldChange[] = [];
  for (const key of keys) {
    const before = live[key];
    const after = next[key];
    if (before === after) continue;
    const path = `labels[${JSON.stringify(key)}]`;
    if (before === undefined) fields.push({ path, op: "add", after: after ?? "" });
    else if (after === undefined) fields.push({ path, op: "remove", before });
    else fields.push({ path, op: "change", before, after });
  }
  return fields;
}

/**
 * One NodeChange per node that plays a VM or carries labels this instance
 * owns, in the order the nodes are given.
 */
export function planNodeLabels(
  nodes: readonly NodeInfo[],
  wanted: ReadonlyMap<string, ReadonlyMap<string, string>>,
  options: NodeLabelOptions,
): NodeChange[] {
  const changes: NodeChange[] = [];
  const recordKey = ownedLabelsKey(options.instance);
  for (const node of nodes) {
    const live = node.Spec.Labels ?? {};
    const want = wanted.get(node.ID);
    if (want === undefined && live[recordKey] === undefined) continue;
    const labels = want ?? new Map<string, string>();
    const first = mergeNodeLabels(live, labels, { ...options, keepStale: true });
    const fields = diffNodeLabels(live, mergeNodeLabels(live, labels, options));
    const phases = { setsFirst: diffNodeLabels(live, first).length > 0, removesAfter: diffNodeLabels(first, mergeNodeLabels(first, labels, options)).length > 0 };
    changes.push({ node: node.Description?.Hostname ?? node.ID, id: node.ID, action: fields.length > 0 ? "update" : "unchanged", fields, ...phases });
  }
  return changes;
}
