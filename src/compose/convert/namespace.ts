/**
 * docker/cli `convert.Namespace`: `<stack>_<name>` for every stack object
 * unless the compose file gives an explicit `name:`, and the namespace label
 * on everything the stack creates (docs/stack-deploy.md §3.1).
 */
import type { StringMap } from "../../engine/engine-service-spec.js";
import { NAMESPACE_LABEL } from "../../engine/stack-labels.js";

export function scopeName(stack: string, name: string): string {
  return `${stack}_${name}`;
}

/** `AddStackLabel`: a copy of the labels with the namespace label, which overwrites a user label of that key. */
export function addStackLabel(stack: string, labels: StringMap | undefined): Record<string, string> {
  return { ...labels, [NAMESPACE_LABEL]: stack };
}
