/**
 * Phoenix's rotation decision for one secret or config (pure). The swarm
 * cannot change an object's data, and the CLI's in-place update then fails
 * (`only updates to Labels are allowed`). Phoenix instead creates a new object
 * named `<name>-<short content hash>`, points the services at it and removes
 * the old one once unused. The first version keeps the plain name, so a stack
 * whose secrets never change looks exactly like a CLI deploy.
 */
import type { StringMap } from "../../engine/engine-service-spec.js";
import { CONTENT_HASH_LABEL, LOGICAL_NAME_LABEL } from "../../engine/stack-labels.js";
import { diffObjectViews } from "./diff-object-views.js";
import { hashFileObjectContent, rotatedObjectName, SHORT_HASH_LENGTH, type FileObjectContent } from "./file-object-content.js";
import { ObjectViewBuilder } from "./object-view.js";
import type { SpecChange } from "./spec-change.js";

export type FileObjectKind = "secret" | "config";

export interface DesiredFileObject extends FileObjectContent {
  /** The logical (scoped) name, `<stack>_<key>`. */
  readonly Name: string;
  readonly Labels: StringMap;
}

export interface LiveFileObject {
  readonly ID: string;
  readonly Version: { readonly Index: number };
  readonly Spec: FileObjectContent & { readonly Name: string; readonly Labels?: StringMap };
}

interface PlanBase {
  readonly logicalName: string;
  readonly contentHash: string;
  /** Every live object standing for this logical name (plain name or rotated). */
  readonly candidates: readonly LiveFileObject[];
  readonly changes: readonly SpecChange[];
}

export type FileObjectPlan =
  | (PlanBase & { readonly action: "create"; readonly spec: DesiredFileObject })
  | (PlanBase & { readonly action: "unchanged"; readonly current: LiveFileObject })
  | (PlanBase & { readonly action: "update-labels"; readonly current: LiveFileObject; readonly spec: DesiredFileObject })
  /** A secret of unknown content (made by the CLI): an in-place update succeeds exactly when the data is equal. */
  | (PlanBase & {
      readonly action: "probe";
      readonly current: LiveFileObject;
      readonly spec: DesiredFileObject;
      readonly rotation: DesiredFileObject;
    })
  | (PlanBase & { readonly action: "rotate"; readonly previous: LiveFileObject; readonly spec: DesiredFileObject });

export function planFileObject(kind: FileObjectKind, desired: DesiredFileObject, live: readonly LiveFileObject[]): FileObjectPlan {
  const logicalName = desired.Name;
  const contentHash = hashFileObjectContent(desired);
  const labels: StringMap = { ...desired.Labels, [LOGICAL_NAME_LABEL]: logicalName, [CONTENT_HASH_LABEL]: contentHash };
  const withName = (name: string): DesiredFileObject => ({ ...desired, Name: name, Labels: labels });
  const candidates = live.filter((o) => o.Spec.Name === logicalName || o.Spec.Labels?.[LOGICAL_NAME_LABEL] === logicalName);
  const base = { logicalName, contentHash, candidates };

  const rotatedName = rotatedObjectName(logicalName, contentHash);
  const matching = candidates.filter((o) => readContentHash(kind, o) === contentHash);
  const current = matching.find((o) => o.Spec.Name === rotatedName) ?? matching.find((o) => o.Spec.Name === logicalName) ?? matching[0];
  if (current !== undefined) {
    const changes = diffLabels(current.Spec.Labels ?? {}, labels);
    return changes.length === 0
      ? { ...base, action: "unchanged", current, changes }
      : { ...base, action: "update-labels", current, spec: withName(current.Spec.Name), changes };
  }
  if (candidates.length === 0) return { ...base, action: "create", spec: withName(logicalName), changes: [] };

  const unknown = candidates.find((o) => readContentHash(kind, o) === undefined);
  if (unknown !== undefined) {
    return {
      ...base,
      action: "probe",
      current: unknown,
      spec: withName(unknown.Spec.Name),
      rotation: withName(rotatedName),
      changes: [dataChange(undefined, contentHash)],
    };
  }
  const previous = candidates[candidates.length - 1] as LiveFileObject;
  return {
    ...base,
    action: "rotate",
    previous,
    spec: withName(rotatedName),
    changes: [
      dataChange(readContentHash(kind, previous), contentHash),
      { field: "name", path: "name", op: "change", before: previous.Spec.Name, after: rotatedName },
    ],
  };
}

/** Configs return their data, so their hash is computed; secrets only have the label Phoenix wrote. */
export function readContentHash(kind: FileObjectKind, object: LiveFileObject): string | undefined {
  if (kind === "config" && object.Spec.Data !== undefined) return hashFileObjectContent(object.Spec);
  return object.Spec.Labels?.[CONTENT_HASH_LABEL];
}

function dataChange(before: string | undefined, after: string): SpecChange {
  return {
    field: "data",
    path: "data",
    op: "change",
    before: before === undefined ? "(unknown)" : `sha256:${before.slice(0, SHORT_HASH_LENGTH)}`,
    after: `sha256:${after.slice(0, SHORT_HASH_LENGTH)}`,
  };
}

function diffLabels(live: StringMap, desired: StringMap): SpecChange[] {
  return diffObjectViews(new ObjectViewBuilder().keyed("labels", live).build(), new ObjectViewBuilder().keyed("labels", desired).build());
}
