/**
 * Phoenix-mode secrets and configs: unchanged objects cost no write call, a
 * label change is one in-place update, a content change creates a rotated
 * object (`planFileObject`). Output lines follow the CLI (`Creating secret x`);
 * in-place updates are silent, as in the CLI.
 */
import { planFileObject, type DesiredFileObject, type FileObjectPlan, type LiveFileObject } from "../plan/spec-diff/plan-file-object.js";
import { compareNames } from "./apply-networks.js";
import { isImmutableDataError } from "./docker-api-error.js";
import type { DeployRun } from "./deploy-run.js";
import type { FileObjectApi, FileObjectState, FileObjectTarget } from "./file-object-api.js";

export async function rotateFileObjects(
  api: FileObjectApi,
  desired: readonly DesiredFileObject[],
  live: readonly LiveFileObject[],
  run: DeployRun,
): Promise<FileObjectState> {
  const current = new Map<string, FileObjectTarget>();
  const superseded: (FileObjectTarget & { logicalName: string })[] = [];
  for (const spec of [...desired].sort((a, b) => compareNames(a.Name, b.Name))) {
    const plan = await planWithAdoption(api, spec, live);
    const target = await applyPlan(api, plan, run);
    current.set(plan.logicalName, target);
    for (const candidate of plan.candidates) {
      if (candidate.ID !== target.id) superseded.push({ name: candidate.Spec.Name, id: candidate.ID, logicalName: plan.logicalName });
    }
  }
  return { current, superseded };
}

/**
 * The CLI looks objects up by name, not by label (docs/stack-deploy.md §5.3), so it adopts an
 * unlabelled object of the stack's name; Phoenix does too, at the cost of one
 * read when it would otherwise create.
 */
async function planWithAdoption(api: FileObjectApi, spec: DesiredFileObject, live: readonly LiveFileObject[]): Promise<FileObjectPlan> {
  const plan = planFileObject(api.kind, spec, live);
  if (plan.action !== "create") return plan;
  const foreign = await api.inspect(spec.Name);
  return foreign === undefined ? plan : planFileObject(api.kind, spec, [...live, foreign]);
}

async function applyPlan(api: FileObjectApi, plan: FileObjectPlan, run: DeployRun): Promise<FileObjectTarget> {
  const { kind } = api;
  const record = (name: string, id: string, action: "create" | "update" | "rotate" | "unchanged") =>
    run.record({ kind, name, id, action, changes: plan.changes, logicalName: plan.logicalName });
  const create = async (spec: DesiredFileObject, rotating: boolean): Promise<FileObjectTarget> => {
    run.emit(rotating ? `${kind}.rotate` : `${kind}.create`, `Creating ${kind} ${spec.Name}`, { name: spec.Name });
    const { id } = await api.create(spec);
    record(spec.Name, id, rotating ? "rotate" : "create");
    return { name: spec.Name, id };
  };

  switch (plan.action) {
    case "unchanged":
      record(plan.current.Spec.Name, plan.current.ID, "unchanged");
      return { name: plan.current.Spec.Name, id: plan.current.ID };
    case "update-labels":
      await api.update(plan.current.ID, plan.current.Version.Index, plan.spec);
      run.emit(`${kind}.update`, `Updating ${kind} ${plan.spec.Name}`, { name: plan.spec.Name, id: plan.current.ID });
      record(plan.spec.Name, plan.current.ID, "update");
      return { name: plan.spec.Name, id: plan.current.ID };
    case "probe":
      try {
        await api.update(plan.current.ID, plan.current.Version.Index, plan.spec);
        run.logger.debug({ stack: run.stack, kind, name: plan.spec.Name }, "file object content confirmed by in-place update");
        record(plan.spec.Name, plan.current.ID, "update");
        return { name: plan.spec.Name, id: plan.current.ID };
      } catch (error) {
        if (!isImmutableDataError(error)) throw error;
        return create(plan.rotation, true);
      }
    case "create":
      return create(plan.spec, false);
    case "rotate":
      return create(plan.spec, true);
  }
}
