import type { ServiceSpec } from "../../engine/engine-service-spec.js";
import type { StackSpec } from "../../engine/stack-spec.js";

/**
 * Appends `constraint` to every service's placement constraints, after the
 * compose file's own (which stay first, as the CLI sends them), unless the
 * compose file already has it. Global services get it too: they then run on
 * every node of the stack's VMs, and only there.
 */
export function addPlacementConstraint(spec: StackSpec, constraint: string): StackSpec {
  return { ...spec, services: spec.services.map((service) => constrainService(service, constraint)) };
}

function constrainService(service: ServiceSpec, constraint: string): ServiceSpec {
  const placement = service.TaskTemplate.Placement ?? {};
  const own = placement.Constraints ?? [];
  if (own.includes(constraint)) return service;
  return { ...service, TaskTemplate: { ...service.TaskTemplate, Placement: { ...placement, Constraints: [...own, constraint] } } };
}
