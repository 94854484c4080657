/**
 * What the daemon keeps of a service spec it is sent (pure). A field the
 * daemon drops is never in the live spec, so comparing it would plan a
 * change on every redeploy (and `phoenix stack deploy` would update the
 * service every time). The desired spec loses, before the comparison only,
 * what the daemon would not store:
 *
 * - always, whatever the API version: a mount's `Consistency` (swarmkit's
 *   Mount has no such field; `consistency: cached` of a bind is a Docker
 *   Desktop option) and a log driver's empty `Name` (`logging.options`
 *   without `driver`: the daemon stores `{"Options": …}` without a name);
 * - fields of newer API versions than the daemon's (moby's API changelog):
 *   `Healthcheck.StartInterval` (1.44), bind `CreateMountpoint` (1.42),
 *   `ReadOnlyNonRecursive` / `ReadOnlyForceRecursive` (1.44), volume
 *   `Subpath` (1.45), tmpfs `Options` and `OomScoreAdj` (1.46).
 *
 * What is sent stays as the CLI sends it: this changes only what "equal" means.
 */
import type { ContainerSpec, Mount, ServiceSpec } from "../../engine/engine-service-spec.js";

/** A field and the first API version whose daemons keep it. */
const SINCE = {
  startInterval: "1.44",
  createMountpoint: "1.42",
  readOnlyRecursive: "1.44",
  subpath: "1.45",
  tmpfsOptions: "1.46",
  oomScoreAdj: "1.46",
} as const;

/** `apiVersion` as the daemon reports it (`1.41`); undefined keeps every versioned field (the newest daemon). */
export function dropUnkeptFields(spec: ServiceSpec, apiVersion: string | undefined): ServiceSpec {
  const keeps = (since: string) => apiVersion === undefined || compareApiVersions(apiVersion, since) >= 0;
  const task = spec.TaskTemplate;
  const container = task.ContainerSpec === undefined ? undefined : dropContainerFields(task.ContainerSpec, keeps);
  const logDriver = task.LogDriver;
  const { LogDriver: _log, ...taskRest } = task;
  const keptLog = logDriver === undefined ? undefined : logDriver.Name ? logDriver : withoutKey(logDriver, "Name");
  return {
    ...spec,
    TaskTemplate: {
      ...taskRest,
      ...(container === undefined ? {} : { ContainerSpec: container }),
      ...(keptLog === undefined ? {} : { LogDriver: keptLog as NonNullable<typeof logDriver> }),
    },
  };
}

function dropContainerFields(container: ContainerSpec, keeps: (since: string) => boolean): ContainerSpec {
  let out: ContainerSpec = container;
  const health = container.Healthcheck;
  if (health?.StartInterval !== undefined && !keeps(SINCE.startInterval)) out = { ...out, Healthcheck: withoutKey(health, "StartInterval") };
  if (!keeps(SINCE.oomScoreAdj) && "OomScoreAdj" in out) out = withoutKey(out as ContainerSpec & { OomScoreAdj?: number }, "OomScoreAdj");
  if (container.Mounts !== undefined) out = { ...out, Mounts: container.Mounts.map((m) => dropMountFields(m, keeps)) };
  return out;
}

type LooseMount = Mount & {
  readonly BindOptions?: Mount["BindOptions"] & { readonly CreateMountpoint?: boolean; readonly ReadOnlyNonRecursive?: boolean; readonly ReadOnlyForceRecursive?: boolean };
  readonly VolumeOptions?: Mount["VolumeOptions"] & { readonly Subpath?: string };
  readonly TmpfsOptions?: Mount["TmpfsOptions"] & { readonly Options?: unknown };
};

function dropMountFields(mount: LooseMount, keeps: (since: string) => boolean): Mount {
  let out: LooseMount = withoutKey(mount, "Consistency");
  const bind = out.BindOptions;
  if (bind !== undefined) {
    let kept = bind;
    if (!keeps(SINCE.createMountpoint)) kept = withoutKey(kept, "CreateMountpoint");
    if (!keeps(SINCE.readOnlyRecursive)) kept = withoutKey(withoutKey(kept, "ReadOnlyNonRecursive"), "ReadOnlyForceRecursive");
    out = { ...out, BindOptions: kept };
  }
  if (out.VolumeOptions !== undefined && !keeps(SINCE.subpath)) out = { ...out, VolumeOptions: withoutKey(out.VolumeOptions, "Subpath") };
  if (out.TmpfsOptions !== undefined && !keeps(SINCE.tmpfsOptions)) out = { ...out, TmpfsOptions: withoutKey(out.TmpfsOptions, "Options") };
  return out;
}

/** `1.41` vs `1.44`: negative, zero or positive. */
export function compareApiVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.replace(/^v/, "").split(".").map(Number);
  const [bMajor = 0, bMinor = 0] = b.replace(/^v/, "").split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

function withoutKey<T extends object, K extends PropertyKey>(value: T, key: K): T {
  if (!(key in value)) return value;
  const copy = { ...value } as Record<PropertyKey, unknown>;
  delete copy[key];
  return copy as T;
}
