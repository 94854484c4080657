/**
 * The image a service spec is sent with, per `--resolve-image`
 * (docs/stack-deploy.md §5.5, docker/cli `deployServices` and the client library's
 * `resolveContainerSpecImage`):
 *
 * | mode    | create | update, image label unchanged    | update, image changed |
 * | always  | query  | query                            | query                 |
 * | changed | query  | reuse the live `ContainerSpec.Image` | query             |
 * | never   | tag    | reuse the live `ContainerSpec.Image` | tag               |
 *
 * "query" asks the registry (`GET /distribution/{image}/json`) and pins the
 * digest; when the registry cannot be reached the tagged image is used and the
 * CLI's four-line warning is returned.
 */
import type { ServiceInfo } from "../engine/engine-objects.js";
import type { Platform, ServiceSpec } from "../engine/engine-service-spec.js";
import type { ResolveImageMode } from "./deploy-types.js";
import { pinImageReference, tagImageReference } from "../engine/image-reference.js";
import { IMAGE_LABEL } from "../engine/stack-labels.js";
import type { SwarmPort } from "./swarm-port.js";

export interface ResolvedImage {
  readonly image: string;
  /** From the registry's manifest list; only when the registry answered. */
  readonly platforms?: readonly Platform[];
  /** The registry was asked (whether or not it answered). */
  readonly queried: boolean;
  readonly warning?: string;
}

export async function resolveServiceImage(
  port: SwarmPort,
  desired: ServiceSpec,
  live: ServiceInfo | undefined,
  mode: ResolveImageMode,
  registryAuth?: string,
): Promise<ResolvedImage> {
  const written = desired.TaskTemplate.ContainerSpec?.Image ?? "";
  const tagged = tagImageReference(written);
  const liveImage = live?.Spec.TaskTemplate.ContainerSpec?.Image;
  if (live !== undefined && mode !== "always" && liveImage !== undefined) {
    const asWritten = desired.Labels?.[IMAGE_LABEL] ?? written;
    // The label holds the image as written last time: unchanged means the live (maybe pinned) image is kept.
    if (asWritten === live.Spec.Labels?.[IMAGE_LABEL]) return { image: liveImage, queried: false };
  }
  if (mode === "never") return { image: tagged, queried: false };
  try {
    const distribution = await port.inspectDistribution(tagged, registryAuth === undefined ? {} : { registryAuth });
    const platforms = (distribution.Platforms ?? []).map((p) => ({
      // The CLI blanks "arm": nodes report armv7l etc., which would never match (docker/swarmkit#2294).
      Architecture: p.architecture.toLowerCase() === "arm" ? "" : p.architecture,
      OS: p.os,
    }));
    return {
      image: pinImageReference(tagged, distribution.Descriptor.digest),
      ...(platforms.length > 0 ? { platforms } : {}),
      queried: true,
    };
  } catch {
    return { image: tagged, queried: true, warning: formatDigestWarning(tagged) };
  }
}

/** docker/cli `digestWarning`. */
export function formatDigestWarning(image: string): string {
  return [
    `image ${image} could not be accessed on a registry to record`,
    `its digest. Each node will access ${image} independently,`,
    "possibly leading to different nodes running different",
    "versions of the image.",
  ].join("\n");
}

/** The spec with the resolved image (and platforms when the registry gave some). */
export function applyResolvedImage(spec: ServiceSpec, resolved: ResolvedImage): ServiceSpec {
  const task = spec.TaskTemplate;
  const container = task.ContainerSpec;
  if (container === undefined) return spec;
  const placement = resolved.platforms === undefined ? task.Placement : { ...task.Placement, Platforms: resolved.platforms };
  return {
    ...spec,
    TaskTemplate: {
      ...task,
      ContainerSpec: { ...container, Image: resolved.image },
      ...(placement === undefined ? {} : { Placement: placement }),
    },
  };
}
