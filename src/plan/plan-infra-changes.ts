import { createTwoFilesPatch } from "diff";
import type { RenderedOutput } from "../infra/rendered-output.js";
import type { InfraChange } from "./plan.js";

/**
 * Infra changes between two renders (the base commit's and the head's): what
 * a pull request changes in every generated file. Pure; a target's live
 * content is compared by the infra deployments instead (src/infra/targets).
 */
export function planInfraChanges(before: readonly RenderedOutput[] | undefined, after: readonly RenderedOutput[]): InfraChange[] {
  const changes: InfraChange[] = [];
  for (const output of after) {
    const previous = before?.find((o) => o.id === output.id);
    const names = new Set([...(previous?.files ?? []).map((f) => f.name), ...output.files.map((f) => f.name)]);
    for (const name of [...names].sort()) {
      const oldText = previous?.files.find((f) => f.name === name)?.content;
      const newText = output.files.find((f) => f.name === name)?.content;
      const file = `${output.id}/${name}`;
      const action = oldText === newText ? "unchanged" : oldText === undefined ? "create" : newText === undefined ? "remove" : "update";
      const diff = action === "unchanged" ? "" : createTwoFilesPatch(`a/${file}`, `b/${file}`, oldText ?? "", newText ?? "", undefined, undefined, { context: 3 });
      changes.push({ output: output.id, file, action, diff });
    }
  }
  return changes;
}
