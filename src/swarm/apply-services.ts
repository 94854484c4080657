/**
 * Services, in name order (the CLI's order is random): create the missing
 * ones; for existing ones build the update the CLI would send (copied
 * `ForceUpdate`, image per `--resolve-image`) and send it only when the
 * semantic diff with the live spec is not empty. With `compat` every existing
 * service is updated, as `docker stack deploy` does (docs/stack-deploy.md §5.4).
 */
import { diffServiceSpec } from "../plan/spec-diff/diff-service-spec.js";
import { compareNames } from "./apply-networks.js";
import type { ServiceInfo } from "../engine/engine-objects.js";
import type { ServiceSpec } from "../engine/engine-service-spec.js";
import type { DeployOptions } from "./deploy-types.js";
import type { DeployRun } from "./deploy-run.js";
import { applyResolvedImage, resolveServiceImage } from "./resolve-service-image.js";
import type { SwarmPort } from "./swarm-port.js";

/** A service this run created or updated: what verification waits for and rollback undoes. */
export interface ChangedService {
  readonly name: string;
  readonly id: string;
  readonly created: boolean;
  /** The spec that was sent (its `UpdateConfig.Monitor` sets the verify window). */
  readonly spec: ServiceSpec;
}

type ServiceOptions = Pick<DeployOptions, "compat" | "resolveImage" | "registryAuth">;

/**
 * Applies each service; `changed` is filled as writes succeed, so that when a
 * write fails midway the caller still knows what to roll back.
 */
export async function applyServices(
  port: SwarmPort,
  desired: readonly ServiceSpec[],
  live: readonly ServiceInfo[],
  networkNames: ReadonlyMap<string, string>,
  options: ServiceOptions,
  run: DeployRun,
  changed: ChangedService[],
): Promise<void> {
  const writeOptions = options.registryAuth === undefined ? {} : { registryAuth: options.registryAuth };
  for (const desiredSpec of [...desired].sort((a, b) => compareNames(a.Name, b.Name))) {
    const existing = live.find((service) => service.Spec.Name === desiredSpec.Name);
    const resolved = await resolveServiceImage(port, desiredSpec, existing, options.resolveImage, options.registryAuth);
    const withImage = applyResolvedImage(desiredSpec, resolved);

    if (existing === undefined) {
      run.emit("service.create", `Creating service ${desiredSpec.Name}`, { name: desiredSpec.Name });
      // The CLI drops the digest warning on create (docs/stack-deploy.md §8 #31); Phoenix keeps it in the log only.
      if (resolved.warning !== undefined) run.logger.debug({ stack: run.stack, service: desiredSpec.Name }, "image digest not resolved");
      const { id } = await port.createService(withImage, writeOptions);
      run.record({ kind: "service", name: desiredSpec.Name, id, action: "create", changes: [] });
      changed.push({ name: desiredSpec.Name, id, created: true, spec: withImage });
      continue;
    }

    // Stack deploy has no --force: the live counter is kept so that tasks are not restarted for nothing.
    const spec: ServiceSpec = {
      ...withImage,
      TaskTemplate: { ...withImage.TaskTemplate, ForceUpdate: existing.Spec.TaskTemplate.ForceUpdate ?? 0 },
    };
    const changes = diffServiceSpec(existing.Spec, spec, { networkNames, ...(port.apiVersion ? { apiVersion: port.apiVersion } : {}) });
    if (changes.length === 0 && !options.compat) {
      run.emit("service.unchanged", `Service ${desiredSpec.Name} is up to date`, { name: desiredSpec.Name, id: existing.ID });
      run.record({ kind: "service", name: desiredSpec.Name, id: existing.ID, action: "unchanged", changes });
      continue;
    }
    run.emit("service.update", `Updating service ${desiredSpec.Name} (id: ${existing.ID})`, { name: desiredSpec.Name, id: existing.ID });
    const { warnings } = await port.updateService(existing.ID, existing.Version.Index, spec, writeOptions);
    for (const warning of [...(resolved.warning === undefined ? [] : [resolved.warning]), ...warnings]) {
      run.warn(warning, { name: desiredSpec.Name });
    }
    run.record({ kind: "service", name: desiredSpec.Name, id: existing.ID, action: "update", changes });
    if (changes.length > 0) changed.push({ name: desiredSpec.Name, id: existing.ID, created: false, spec });
  }
}
