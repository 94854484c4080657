/**
 * The per-object part of a stack's Plan, computed from the desired StackSpec
 * and the live objects alone (no I/O), with the same decisions `deployStack`
 * makes: networks created when missing (drift reported, never applied),
 * secrets/configs created, relabelled or rotated, services created, updated
 * when the semantic diff is not empty, pruned with `prune`. Image digests are
 * not resolved here (that needs the registry): the plan assumes
 * `--resolve-image never|changed`, which keeps the live image when the
 * compose image is unchanged.
 */
import type { ObjectChange } from "../plan.js";
import type { ServiceInfo } from "../../engine/engine-objects.js";
import type { ServiceSpec } from "../../engine/engine-service-spec.js";
import { tagImageReference } from "../../engine/image-reference.js";
import { IMAGE_LABEL, trimStackPrefix } from "../../engine/stack-labels.js";
import type { StackSpec } from "../../engine/stack-spec.js";
import type { StackObjects } from "../../engine/stack-objects.js";
import { diffNetwork } from "./diff-network.js";
import { diffServiceSpec } from "./diff-service-spec.js";
import { describeCreatedService } from "./describe-created-service.js";
import { planFileObject, type FileObjectKind, type FileObjectPlan } from "./plan-file-object.js";

export interface PlanStackOptions {
  readonly prune?: boolean;
  /** Network ID → name for networks outside the stack (external ones) that live specs attach to. */
  readonly networkNames?: ReadonlyMap<string, string>;
  readonly isSensitiveEnv?: (name: string) => boolean;
  /** The daemon's API version: what it drops is not compared. */
  readonly apiVersion?: string;
}

export function planStackObjects(spec: StackSpec, live: StackObjects, options: PlanStackOptions = {}): ObjectChange[] {
  const changes: ObjectChange[] = [];
  for (const network of spec.networks) {
    const existing = live.networks.find((n) => n.Name === network.Name);
    changes.push(
      existing === undefined
        ? { kind: "network", name: network.Name, action: "create", fields: [] }
        : { kind: "network", name: network.Name, action: "unchanged", fields: diffNetwork(existing, network) },
    );
  }
  const currentNames = new Map<string, string>();
  const fileObjects = (kind: FileObjectKind) => {
    const desired = kind === "secret" ? spec.secrets : spec.configs;
    for (const object of desired) {
      const plan = planFileObject(kind, object, kind === "secret" ? live.secrets : live.configs);
      currentNames.set(`${kind}:${object.Name}`, plannedName(plan));
      changes.push({ kind, name: plannedName(plan), action: fileObjectAction(plan), fields: plan.changes });
    }
  };
  fileObjects("secret");
  fileObjects("config");

  const networkNames = new Map(options.networkNames);
  for (const network of live.networks) networkNames.set(network.Id, network.Name);
  for (const service of spec.services) {
    const existing = live.services.find((s) => s.Spec.Name === service.Name);
    const desired = linkPlannedNames(withPlannedImage(service, existing), currentNames);
    const context = {
      networkNames,
      ...(options.isSensitiveEnv ? { isSensitiveEnv: options.isSensitiveEnv } : {}),
      ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}),
    };
    if (existing === undefined) {
      changes.push({ kind: "service", name: service.Name, action: "create", fields: describeCreatedService(desired, context) });
      continue;
    }
    const fields = diffServiceSpec(existing.Spec, desired, context);
    changes.push({ kind: "service", name: service.Name, action: fields.length === 0 ? "unchanged" : "update", fields });
  }
  // A service deleted from the compose file is removed with prune, and shown as left running without: never silently kept.
  const wanted = new Set(spec.services.map((s) => trimStackPrefix(spec.name, s.Name)));
  for (const service of live.services) {
    if (!wanted.has(trimStackPrefix(spec.name, service.Spec.Name))) {
      changes.push({ kind: "service", name: service.Spec.Name, action: options.prune ? "remove" : "kept", fields: [] });
    }
  }
  return changes;
}

function plannedName(plan: FileObjectPlan): string {
  switch (plan.action) {
    case "unchanged":
      return plan.current.Spec.Name;
    case "probe":
      return plan.current.Spec.Name;
    default:
      return plan.spec.Name;
  }
}

function fileObjectAction(plan: FileObjectPlan): ObjectChange["action"] {
  if (plan.action === "create") return "create";
  return plan.action === "unchanged" ? "unchanged" : "update";
}

/** `--resolve-image never|changed`: an unchanged compose image keeps the live (maybe pinned) image. */
function withPlannedImage(spec: ServiceSpec, live: ServiceInfo | undefined): ServiceSpec {
  const container = spec.TaskTemplate.ContainerSpec;
  if (container === undefined) return spec;
  const liveImage = live?.Spec.TaskTemplate.ContainerSpec?.Image;
  const unchanged = live !== undefined && (spec.Labels?.[IMAGE_LABEL] ?? container.Image) === live.Spec.Labels?.[IMAGE_LABEL];
  const image = unchanged && liveImage !== undefined ? liveImage : tagImageReference(container.Image);
  return { ...spec, TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: { ...container, Image: image } } };
}

function linkPlannedNames(spec: ServiceSpec, current: ReadonlyMap<string, string>): ServiceSpec {
  const container = spec.TaskTemplate.ContainerSpec;
  if (container === undefined) return spec;
  const secrets = container.Secrets?.map((r) => ({ ...r, SecretName: current.get(`secret:${r.SecretName}`) ?? r.SecretName }));
  const configs = container.Configs?.map((r) => ({ ...r, ConfigName: current.get(`config:${r.ConfigName}`) ?? r.ConfigName }));
  const linked = { ...container, ...(secrets ? { Secrets: secrets } : {}), ...(configs ? { Configs: configs } : {}) };
  return { ...spec, TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: linked } };
}
