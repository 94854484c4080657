import type { ComposeFileObject, ComposeNetwork, ComposeVolume } from "../compose-project.js";

/** `types.External` as decoded, before the loader moves its name. */
interface ComposeExternal {
  readonly external: boolean;
  readonly name: string;
}
import { isVersionAtLeast } from "../compose-version.js";
import { isYamlList, isYamlMap, type PathSegment, type YamlMap, type YamlValue } from "../yaml/yaml-value.js";
import { decodeBool, decodeMappingOrList, decodeString, decodeStringMap, extrasOf, mapOrEmpty, toExtraValue } from "./decode-values.js";
import { readReferencedFile, reportError, reportWarning, type LoadContext } from "./load-context.js";
import { absPath } from "./resolve-paths.js";

/** `transformExternal`: `true`/`false`, or `{name}` meaning external under that name. */
function loadExternal(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[]): ComposeExternal {
  if (typeof value === "boolean") return { external: value, name: "" };
  if (isYamlMap(value)) return { external: true, name: decodeString(ctx, value.get("name"), [...path, "name"], "External.Name") };
  return { external: false, name: "" };
}

function deprecatedExternalName(ctx: LoadContext, kind: string, key: string, minimum: string, path: readonly PathSegment[]): void {
  if (isVersionAtLeast(ctx.version, minimum)) {
    reportWarning(ctx, "COMPOSE_DEPRECATED_EXTERNAL_NAME", `${kind} ${key}: ${kind}.external.name is deprecated in favor of ${kind}.name`, path);
  }
}

/** External name rules shared by networks, volumes, secrets and configs; returns the resolved name. */
function resolveExternalName(ctx: LoadContext, kind: string, key: string, name: string, external: ComposeExternal, minimum: string, path: readonly PathSegment[]): string {
  if (external.name === "") return name === "" ? key : name;
  if (name !== "") {
    reportError(ctx, "COMPOSE_CONFLICT", `${kind} ${key}: ${kind}.external.name and ${kind}.name conflict; only use ${kind}.name`, [...path, "external"]);
    return name;
  }
  deprecatedExternalName(ctx, kind, key, minimum, [...path, "external"]);
  return external.name;
}

export function loadNetworks(ctx: LoadContext, section: YamlMap): Record<string, ComposeNetwork> {
  const entries = [...section].map(([key, value]): [string, ComposeNetwork] => {
    const path = ["networks", key];
    const dict = mapOrEmpty(value);
    const ipam = mapOrEmpty(dict.get("ipam"));
    const config = ipam.get("config");
    const external = loadExternal(ctx, dict.get("external"), [...path, "external"]);
    const name = decodeString(ctx, dict.get("name"), [...path, "name"], "Name");
    const isExternal = external.external;
    return [
      key,
      {
        name: isExternal ? resolveExternalName(ctx, "network", key, name, external, "3.5", path) : name,
        driver: decodeString(ctx, dict.get("driver"), [...path, "driver"], "Driver"),
        driverOpts: decodeStringMap(dict.get("driver_opts")),
        ipam: {
          driver: decodeString(ctx, ipam.get("driver"), [...path, "ipam", "driver"], "Ipam.Driver"),
          config: isYamlList(config) ? config.map((pool) => ({ subnet: decodeString(ctx, mapOrEmpty(pool).get("subnet"), [...path, "ipam"], "Subnet") })) : [],
        },
        external: isExternal,
        internal: decodeBool(dict.get("internal")),
        attachable: decodeBool(dict.get("attachable")),
        labels: decodeMappingOrList(dict.get("labels"), "=", false),
        // The CLI only copies extension keys onto external networks.
        extras: isExternal ? extrasOf(dict) : {},
      },
    ];
  });
  return Object.fromEntries(entries);
}

export function loadVolumes(ctx: LoadContext, section: YamlMap): Record<string, ComposeVolume> {
  const entries = [...section].map(([key, value]): [string, ComposeVolume] => {
    const path = ["volumes", key];
    const dict = mapOrEmpty(value);
    const external = loadExternal(ctx, dict.get("external"), [...path, "external"]);
    const driver = decodeString(ctx, dict.get("driver"), [...path, "driver"], "Driver");
    const driverOpts = decodeStringMap(dict.get("driver_opts"));
    const labels = decodeMappingOrList(dict.get("labels"), "=", false);
    let name = decodeString(ctx, dict.get("name"), [...path, "name"], "Name");
    if (external.external) {
      const conflict = driver !== "" ? "driver" : Object.keys(driverOpts).length > 0 ? "driver_opts" : Object.keys(labels).length > 0 ? "labels" : "";
      if (conflict) {
        reportError(ctx, "COMPOSE_CONFLICT", `conflicting parameters "external" and "${conflict}" specified for volume "${key}"`, [...path, conflict]);
      } else {
        name = resolveExternalName(ctx, "volume", key, name, external, "3.4", path);
      }
    }
    const clusterSpec = dict.get("x-cluster-spec");
    return [
      key,
      {
        name,
        driver,
        driverOpts,
        external: external.external,
        labels,
        clusterSpec: clusterSpec === undefined ? undefined : toExtraValue(clusterSpec),
        extras: external.external ? extrasOf(dict) : {},
      },
    ];
  });
  return Object.fromEntries(entries);
}

/** `loadFileObjectConfig` plus reading the file, so that conversion needs no I/O. */
export async function loadFileObjects(ctx: LoadContext, section: YamlMap, kind: "secret" | "config"): Promise<Record<string, ComposeFileObject>> {
  const sectionKey = kind === "secret" ? "secrets" : "configs";
  const entries: [string, ComposeFileObject][] = [];
  for (const [key, value] of section) {
    const path = [sectionKey, key];
    const dict = mapOrEmpty(value);
    const external = loadExternal(ctx, dict.get("external"), [...path, "external"]);
    const driver = decodeString(ctx, dict.get("driver"), [...path, "driver"], "Driver");
    let name = decodeString(ctx, dict.get("name"), [...path, "name"], "Name");
    let file = decodeString(ctx, dict.get("file"), [...path, "file"], "File");
    let data: Uint8Array | undefined;
    if (external.external) {
      name = resolveExternalName(ctx, kind, key, name, external, "3.5", path);
    } else if (driver !== "") {
      if (file !== "") reportError(ctx, "COMPOSE_CONFLICT", `${kind} ${key}: ${kind}.driver and ${kind}.file conflict; only use ${kind}.driver`, [...path, "file"]);
    } else {
      file = absPath(ctx.workingDir, file);
      const read = await readReferencedFile(ctx, file);
      if ("bytes" in read) data = read.bytes;
      else reportError(ctx, "COMPOSE_FILE_OBJECT", read.error, dict.has("file") ? [...path, "file"] : path);
    }
    entries.push([
      key,
      {
        name,
        file,
        external: external.external,
        labels: decodeMappingOrList(dict.get("labels"), "=", false),
        driver,
        driverOpts: decodeStringMap(dict.get("driver_opts")),
        templateDriver: decodeString(ctx, dict.get("template_driver"), [...path, "template_driver"], "TemplateDriver"),
        data,
        extras: extrasOf(dict),
      },
    ]);
  }
  return Object.fromEntries(entries);
}
