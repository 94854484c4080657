/**
 * CLI-compatible secrets and configs (docs/stack-deploy.md §5.1 steps 6–7, §5.3):
 * look each up by name, create it when missing, otherwise send the full spec
 * as an in-place update every time, which the swarm rejects with
 * `only updates to Labels are allowed` when the data changed.
 */
import type { DesiredFileObject } from "../plan/spec-diff/plan-file-object.js";
import { compareNames } from "./apply-networks.js";
import type { DeployRun } from "./deploy-run.js";
import type { FileObjectApi, FileObjectState, FileObjectTarget } from "./file-object-api.js";

export async function applyFileObjectsCompat(
  api: FileObjectApi,
  desired: readonly DesiredFileObject[],
  run: DeployRun,
): Promise<FileObjectState> {
  const { kind } = api;
  const current = new Map<string, FileObjectTarget>();
  for (const spec of [...desired].sort((a, b) => compareNames(a.Name, b.Name))) {
    const existing = await api.inspect(spec.Name);
    if (existing === undefined) {
      run.emit(`${kind}.create`, `Creating ${kind} ${spec.Name}`, { name: spec.Name });
      const { id } = await api.create(spec);
      run.record({ kind, name: spec.Name, id, action: "create", changes: [], logicalName: spec.Name });
      current.set(spec.Name, { name: spec.Name, id });
      continue;
    }
    await api.update(existing.ID, existing.Version.Index, spec);
    run.record({ kind, name: spec.Name, id: existing.ID, action: "update", changes: [], logicalName: spec.Name });
    current.set(spec.Name, { name: spec.Name, id: existing.ID });
  }
  return { current, superseded: [] };
}
