import type { ComposeFileReference, ComposePort, ComposeServiceNetwork, ComposeServiceVolume, ComposeUlimit } from "../compose-project.js";
import { goTypeName, isYamlList, isYamlMap, type PathSegment, type YamlValue } from "../yaml/yaml-value.js";
import { decodeBool, decodeInt, decodeString, decodeStringList, decodeStringMap, decodeUint, mapOrEmpty } from "./decode-values.js";
import { reportHookError, reportWarning, type LoadContext } from "./load-context.js";
import { expandPortSpec } from "./parse-port-spec.js";
import { parseVolumeSpec } from "./parse-volume-spec.js";

/** `transformServicePort`: short entries expand to one port each; long entries are kept as written. */
export function loadPorts(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[]): ComposePort[] {
  if (!isYamlList(value)) return [];
  const ports: ComposePort[] = [];
  for (const [index, entry] of value.entries()) {
    const entryPath = [...path, index];
    if (typeof entry === "bigint" || typeof entry === "string") {
      const expanded = expandPortSpec(String(entry), ctx.compat);
      if (!expanded.ok) {
        reportHookError(ctx, "Ports", expanded.error, entryPath);
        continue;
      }
      for (const warning of expanded.value.warnings) reportWarning(ctx, "COMPOSE_IGNORED_HOST_IP", warning, entryPath);
      ports.push(...expanded.value.ports);
    } else if (isYamlMap(entry)) {
      const name = `Ports[${ports.length}]`;
      ports.push({
        mode: decodeString(ctx, entry.get("mode"), [...entryPath, "mode"], `${name}.Mode`),
        target: decodeUint(ctx, entry.get("target"), [...entryPath, "target"], `${name}.Target`) ?? 0,
        published: decodeUint(ctx, entry.get("published"), [...entryPath, "published"], `${name}.Published`) ?? 0,
        protocol: decodeString(ctx, entry.get("protocol"), [...entryPath, "protocol"], `${name}.Protocol`),
      });
    } else {
      reportHookError(ctx, "Ports", `invalid type ${goTypeName(entry)} for port`, entryPath);
    }
  }
  return ports;
}

function loadLongVolume(ctx: LoadContext, entry: Map<string, YamlValue>, path: readonly PathSegment[], name: string): ComposeServiceVolume {
  const sub = (key: string) => [...path, key];
  const bind = entry.get("bind");
  const volume = entry.get("volume");
  const tmpfs = entry.get("tmpfs");
  return {
    type: decodeString(ctx, entry.get("type"), sub("type"), `${name}.Type`),
    source: decodeString(ctx, entry.get("source"), sub("source"), `${name}.Source`),
    target: decodeString(ctx, entry.get("target"), sub("target"), `${name}.Target`),
    readOnly: decodeBool(entry.get("read_only")),
    consistency: decodeString(ctx, entry.get("consistency"), sub("consistency"), `${name}.Consistency`),
    bind: isYamlMap(bind) ? { propagation: decodeString(ctx, bind.get("propagation"), sub("bind"), `${name}.Bind.Propagation`) } : undefined,
    volume: isYamlMap(volume) ? { nocopy: decodeBool(volume.get("nocopy")) } : undefined,
    tmpfs: isYamlMap(tmpfs) ? { size: decodeInt(tmpfs.get("size")) } : undefined,
  };
}

/** Service `volumes`: short specs parsed by `ParseVolume`, long entries decoded. Paths are resolved later. */
export function loadServiceVolumes(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[]): ComposeServiceVolume[] {
  if (!isYamlList(value)) return [];
  const volumes: ComposeServiceVolume[] = [];
  for (const [index, entry] of value.entries()) {
    const name = `Volumes[${index}]`;
    if (typeof entry === "string") {
      const parsed = parseVolumeSpec(entry);
      if (parsed.ok) volumes.push(parsed.value);
      else reportHookError(ctx, name, parsed.error, [...path, index]);
    } else if (isYamlMap(entry)) {
      volumes.push(loadLongVolume(ctx, entry, [...path, index], name));
    } else {
      reportHookError(ctx, name, `invalid type ${goTypeName(entry)} for service volume`, [...path, index]);
    }
  }
  return volumes;
}

/** Service `secrets`/`configs`: a string is `{source}`. */
export function loadFileReferences(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[], field: string): ComposeFileReference[] {
  if (!isYamlList(value)) return [];
  return value.map((entry, index) => {
    if (typeof entry === "string") return { source: entry, target: "", uid: "", gid: "", mode: undefined };
    const map = mapOrEmpty(entry);
    const name = `${field}[${index}]`;
    const at = (key: string) => [...path, index, key];
    return {
      source: decodeString(ctx, map.get("source"), at("source"), `${name}.Source`),
      target: decodeString(ctx, map.get("target"), at("target"), `${name}.Target`),
      uid: decodeString(ctx, map.get("uid"), at("uid"), `${name}.UID`),
      gid: decodeString(ctx, map.get("gid"), at("gid"), `${name}.GID`),
      mode: decodeUint(ctx, map.get("mode"), at("mode"), `${name}.Mode`),
    };
  });
}

/** Service `networks`: a list becomes names without configuration. */
export function loadServiceNetworks(
  ctx: LoadContext,
  value: YamlValue | undefined,
  path: readonly PathSegment[],
): Record<string, ComposeServiceNetwork | null> | undefined {
  if (value === undefined) return undefined;
  if (isYamlList(value)) return Object.fromEntries(value.map((entry) => [String(entry), null]));
  const entries = [...mapOrEmpty(value)].map(([key, entry]): [string, ComposeServiceNetwork | null] => {
    if (!isYamlMap(entry)) return [key, null];
    const at = (field: string) => [...path, key, field];
    const aliases = entry.get("aliases");
    const driverOpts = entry.get("driver_opts");
    return [
      key,
      {
        aliases: aliases === undefined ? undefined : decodeStringList(aliases),
        driverOpts: ctx.compat === "20.10" || driverOpts === undefined ? undefined : decodeStringMap(driverOpts),
        ipv4Address: decodeString(ctx, entry.get("ipv4_address"), at("ipv4_address"), `Networks[${key}].ipv4_address`),
        ipv6Address: decodeString(ctx, entry.get("ipv6_address"), at("ipv6_address"), `Networks[${key}].ipv6_address`),
      },
    ];
  });
  return Object.fromEntries(entries);
}

/** `transformUlimits`: an integer sets soft = hard, a mapping sets both. */
export function loadUlimits(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[]): Record<string, ComposeUlimit> {
  const entries: [string, ComposeUlimit][] = [];
  for (const [name, entry] of mapOrEmpty(value)) {
    if (typeof entry === "bigint") {
      entries.push([name, { single: Number(entry), soft: 0, hard: 0 }]);
    } else if (isYamlMap(entry) && typeof entry.get("soft") === "bigint" && typeof entry.get("hard") === "bigint") {
      entries.push([name, { single: 0, soft: decodeInt(entry.get("soft")), hard: decodeInt(entry.get("hard")) }]);
    } else {
      const type = isYamlMap(entry) ? goTypeName([...entry.values()].find((v) => typeof v !== "bigint") ?? null) : goTypeName(entry);
      reportHookError(ctx, `Ulimits[${name}]`, `invalid type ${type} for ulimits`, [...path, name]);
    }
  }
  return Object.fromEntries(entries);
}
