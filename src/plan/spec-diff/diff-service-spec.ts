/**
 * The semantic diff of a service: what would change if the desired spec were
 * sent as an update. Empty means the daemon would store an equal spec, so the
 * deploy engine makes no write call for the service (the CLI always updates).
 */
import type { ServiceSpec } from "../../engine/engine-service-spec.js";
import { IMAGE_LABEL } from "../../engine/stack-labels.js";
import { diffObjectViews } from "./diff-object-views.js";
import { dropUnkeptFields } from "./drop-unkept-fields.js";
import { toServiceView, type ServiceViewContext } from "./service-view.js";
import type { SpecChange } from "./spec-change.js";

/** Changes that turn the live spec (as the daemon returns it) into the desired one (as the CLI sends it). */
export function diffServiceSpec(live: ServiceSpec, desired: ServiceSpec, context: ServiceViewContext = {}): SpecChange[] {
  // What the daemon drops is never in the live spec: compare only what it keeps.
  const changes = diffObjectViews(toServiceView(live, context), toServiceView(dropUnkeptFields(desired, context.apiVersion), context));
  // The stack's image label follows the compose image; next to an image change it only repeats it.
  const imageChanged = changes.some((change) => change.field === "image");
  return imageChanged ? changes.filter((change) => !(change.field === "deploy.labels" && change.key === IMAGE_LABEL)) : changes;
}

/** Whether an update with `desired` would leave the live spec as it is. */
export function isServiceSpecEqual(live: ServiceSpec, desired: ServiceSpec, context: ServiceViewContext = {}): boolean {
  return diffServiceSpec(live, desired, context).length === 0;
}
