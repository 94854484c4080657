/**
 * Service volumes → `ContainerSpec.Mounts` (docs/stack-deploy.md §3.4), after
 * docker/cli `convert/volume.go`. Mounts keep the file's order.
 */
import type { ComposeServiceVolume, ComposeVolume } from "../compose-project.js";
import type { Mount } from "../../engine/engine-service-spec.js";
import type { ComposeCompat } from "../compose-compat.js";
import { ConversionError } from "./conversion-error.js";
import { addStackLabel, scopeName } from "./namespace.js";

type MountType = Mount["Type"];

/** `createMountFromVolume`: the fields every kind shares; empty ones are omitted like Go's omitempty. */
function baseMount(volume: ComposeServiceVolume, type: MountType): Mount {
  return {
    Type: type,
    ...(volume.source !== "" ? { Source: volume.source } : {}),
    Target: volume.target,
    ...(volume.readOnly ? { ReadOnly: true } : {}),
    ...(volume.consistency !== "" ? { Consistency: volume.consistency } : {}),
  };
}

function incompatible(option: string, type: string): ConversionError {
  return new ConversionError("COMPOSE_MOUNT_OPTIONS", `${option} options are incompatible with type ${type}`);
}

function convertVolumeMount(volume: ComposeServiceVolume, declared: Readonly<Record<string, ComposeVolume>>, stack: string): Mount {
  if (volume.tmpfs !== undefined) throw incompatible("tmpfs", "volume");
  if (volume.bind !== undefined) throw incompatible("bind", "volume");
  const mount = baseMount(volume, "volume");
  if (volume.source === "") return mount;
  const definition = declared[volume.source];
  if (definition === undefined) throw new ConversionError("COMPOSE_UNDEFINED_VOLUME", `undefined volume "${volume.source}"`);
  const source = definition.name !== "" ? definition.name : scopeName(stack, volume.source);
  const noCopy = volume.volume?.nocopy === true ? { NoCopy: true } : {};
  // External volumes still get an (empty) VolumeOptions object, but no labels or driver.
  if (definition.external) return { ...mount, Source: source, VolumeOptions: { ...noCopy } };
  const hasDriver = definition.driver !== "" || Object.keys(definition.driverOpts).length > 0;
  const driverConfig = {
    ...(definition.driver !== "" ? { Name: definition.driver } : {}),
    ...(Object.keys(definition.driverOpts).length > 0 ? { Options: definition.driverOpts } : {}),
  };
  return {
    ...mount,
    Source: source,
    VolumeOptions: { ...noCopy, Labels: addStackLabel(stack, definition.labels), ...(hasDriver ? { DriverConfig: driverConfig } : {}) },
  };
}

function convertBindMount(volume: ComposeServiceVolume): Mount {
  if (volume.source === "") throw new ConversionError("COMPOSE_MOUNT_SOURCE", "invalid bind source, source cannot be empty");
  if (volume.volume !== undefined) throw incompatible("volume", "bind");
  if (volume.tmpfs !== undefined) throw incompatible("tmpfs", "bind");
  const mount = baseMount(volume, "bind");
  return volume.bind === undefined ? mount : { ...mount, BindOptions: propagation(volume.bind.propagation) };
}

function propagation(value: string): { Propagation?: string } {
  return value !== "" ? { Propagation: value } : {};
}

function convertTmpfsMount(volume: ComposeServiceVolume): Mount {
  if (volume.source !== "") throw new ConversionError("COMPOSE_MOUNT_SOURCE", "invalid tmpfs source, source must be empty");
  if (volume.bind !== undefined) throw incompatible("bind", "tmpfs");
  if (volume.volume !== undefined) throw incompatible("volume", "tmpfs");
  const mount = baseMount(volume, "tmpfs");
  if (volume.tmpfs === undefined) return mount;
  return { ...mount, TmpfsOptions: volume.tmpfs.size !== 0 ? { SizeBytes: volume.tmpfs.size } : {} };
}

function convertNpipeMount(volume: ComposeServiceVolume): Mount {
  if (volume.source === "") throw new ConversionError("COMPOSE_MOUNT_SOURCE", "invalid npipe source, source cannot be empty");
  if (volume.volume !== undefined) throw incompatible("volume", "npipe");
  if (volume.tmpfs !== undefined) throw incompatible("tmpfs", "npipe");
  const mount = baseMount(volume, "npipe");
  return volume.bind === undefined ? mount : { ...mount, BindOptions: propagation(volume.bind.propagation) };
}

/** 23.0+: cluster (CSI) volumes are passed through unscoped, with empty cluster options. */
function convertClusterMount(volume: ComposeServiceVolume): Mount {
  if (volume.source === "") throw new ConversionError("COMPOSE_MOUNT_SOURCE", "invalid cluster source, source cannot be empty");
  if (volume.bind !== undefined) throw incompatible("bind", "cluster");
  if (volume.tmpfs !== undefined) throw incompatible("tmpfs", "cluster");
  return { ...baseMount(volume, "cluster"), ...({ ClusterOptions: {} } as object) };
}

export function convertMounts(
  volumes: readonly ComposeServiceVolume[],
  declared: Readonly<Record<string, ComposeVolume>>,
  stack: string,
  compat: ComposeCompat,
): Mount[] | undefined {
  if (volumes.length === 0) return undefined;
  return volumes.map((volume) => {
    switch (volume.type) {
      case "volume":
      case "":
        return convertVolumeMount(volume, declared, stack);
      case "bind":
        return convertBindMount(volume);
      case "tmpfs":
        return convertTmpfsMount(volume);
      case "npipe":
        return convertNpipeMount(volume);
      case "cluster":
        if (compat === "28.2") return convertClusterMount(volume);
        break;
    }
    const kinds = compat === "28.2" ? "volume, bind, tmpfs, npipe, or cluster" : "volume, bind, tmpfs or npipe";
    throw new ConversionError("COMPOSE_MOUNT_TYPE", `volume type must be ${kinds}`);
  });
}
