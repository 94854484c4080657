/**
 * The last step of a rotation: old versions of a secret or config go once no
 * service of the stack references them any more (read from the live specs
 * after verification, so a service that was rolled back keeps its old object).
 * A removal the daemon refuses because another stack uses the object is only
 * logged: the next deploy tries again.
 */
import { isInUseError, isNotFoundError } from "./docker-api-error.js";
import type { DeployRun } from "./deploy-run.js";
import type { FileObjectApi, FileObjectState } from "./file-object-api.js";
import type { SwarmPort } from "./swarm-port.js";

export async function removeSupersededFileObjects(
  port: SwarmPort,
  apis: { readonly secret: FileObjectApi; readonly config: FileObjectApi },
  state: { readonly secret: FileObjectState; readonly config: FileObjectState },
  run: DeployRun,
): Promise<void> {
  if (state.secret.superseded.length === 0 && state.config.superseded.length === 0) return;
  const services = await port.listStackServices(run.stack);
  const referenced = new Set<string>();
  for (const service of services) {
    const container = service.Spec.TaskTemplate.ContainerSpec;
    for (const ref of container?.Secrets ?? []) if (ref.SecretID) referenced.add(ref.SecretID);
    for (const ref of container?.Configs ?? []) if (ref.ConfigID) referenced.add(ref.ConfigID);
  }
  for (const kind of ["secret", "config"] as const) {
    for (const old of state[kind].superseded) {
      if (referenced.has(old.id)) continue;
      try {
        run.emit(`${kind}.remove`, `Removing ${kind} ${old.name}`, { name: old.name, id: old.id });
        await apis[kind].remove(old.id);
        run.record({ kind, name: old.name, id: old.id, action: "remove", changes: [], logicalName: old.logicalName });
      } catch (error) {
        if (isNotFoundError(error)) continue;
        if (!isInUseError(error)) throw error;
        run.logger.info({ stack: run.stack, kind, name: old.name }, "superseded object still in use");
      }
    }
  }
}
