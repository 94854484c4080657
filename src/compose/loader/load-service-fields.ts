import type { ComposeBuild, ComposeHealthcheck, ComposeLogging, ComposeServiceVolume } from "../compose-project.js";
import { formatGoStringVerb, formatGoValue } from "../../go/fmt.js";
import { compareGoStrings } from "../../go/sort.js";
import { isYamlList, isYamlMap, type PathSegment, type YamlValue } from "../yaml/yaml-value.js";
import { decodeBool, decodeDuration, decodeMappingOrList, decodeString, decodeStringList, decodeStringMap, decodeUint, mapOrEmpty } from "./decode-values.js";
import { reportError, reportHookError, reportWarning, type LoadContext } from "./load-context.js";
import { isWindowsAbsolute } from "../../go/filepath.js";
import { absPath } from "./resolve-paths.js";
import { shlexSplit } from "../../go/shlex.js";

/** `ShellCommand`: a string is split shell-style, a list is kept. */
export function loadShellCommand(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[], name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") return decodeStringList(value);
  const split = shlexSplit(value);
  if (!split.ok) {
    reportHookError(ctx, name, split.error, path);
    return undefined;
  }
  return split.value;
}

export function loadHealthcheck(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[]): ComposeHealthcheck | undefined {
  if (!isYamlMap(value)) return undefined;
  const at = (key: string) => [...path, key];
  const test = value.get("test");
  return {
    test: typeof test === "string" ? ["CMD-SHELL", test] : test === undefined ? undefined : decodeStringList(test),
    timeout: decodeDuration(ctx, value.get("timeout"), at("timeout"), "HealthCheck.Timeout"),
    interval: decodeDuration(ctx, value.get("interval"), at("interval"), "HealthCheck.Interval"),
    retries: decodeUint(ctx, value.get("retries"), at("retries"), "HealthCheck.Retries"),
    startPeriod: decodeDuration(ctx, value.get("start_period"), at("start_period"), "HealthCheck.start_period"),
    startInterval: decodeDuration(ctx, value.get("start_interval"), at("start_interval"), "HealthCheck.start_interval"),
    disable: decodeBool(value.get("disable")),
  };
}

export function loadLogging(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[]): ComposeLogging | undefined {
  if (!isYamlMap(value)) return undefined;
  const options = value.get("options");
  return {
    driver: decodeString(ctx, value.get("driver"), [...path, "driver"], "Logging.Driver"),
    options: options === undefined ? undefined : decodeStringMap(options),
  };
}

/** `map` form of host lists: `k<sep>v` sorted, null values dropped (`toStringList`). */
function hostsFromMap(value: Map<string, YamlValue>, format: (v: YamlValue) => string): string[] {
  return [...value]
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}:${format(v)}`)
    .sort(compareGoStrings);
}

/**
 * `extra_hosts`. 20.10 keeps a list verbatim; 26.0+ also accepts `host=ip`,
 * drops entries without a separator and strips `[]` around IPv6 addresses.
 */
export function loadExtraHosts(ctx: LoadContext, value: YamlValue | undefined): string[] {
  if (ctx.compat === "20.10") {
    if (isYamlMap(value)) return hostsFromMap(value, formatGoStringVerb);
    return decodeStringList(value);
  }
  let pairs: string[] = [];
  if (isYamlMap(value)) pairs = hostsFromMap(value, formatGoStringVerb);
  else if (isYamlList(value)) {
    for (const entry of value.map(formatGoValue)) {
      const separator = ["=", ":"].find((sep) => entry.includes(sep));
      if (separator) pairs.push(`${entry.slice(0, entry.indexOf(separator))}:${entry.slice(entry.indexOf(separator) + 1)}`);
    }
  }
  return pairs.map((pair) => {
    const index = pair.indexOf(":");
    const host = index < 0 ? pair : pair.slice(0, index);
    let ip = index < 0 ? "" : pair.slice(index + 1);
    if (ip.length > 2 && ip.startsWith("[") && ip.endsWith("]")) ip = ip.slice(1, -1);
    return `${host}:${ip}`;
  });
}

export function loadBuild(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[]): ComposeBuild {
  const build = typeof value === "string" ? new Map<string, YamlValue>([["context", value]]) : mapOrEmpty(value);
  const at = (key: string) => [...path, key];
  return {
    context: decodeString(ctx, build.get("context"), at("context"), "Build.Context"),
    dockerfile: decodeString(ctx, build.get("dockerfile"), at("dockerfile"), "Build.Dockerfile"),
    args: decodeMappingOrList(build.get("args"), "=", true),
    labels: decodeMappingOrList(build.get("labels"), "=", false),
    cacheFrom: decodeStringList(build.get("cache_from")),
    extraHosts: build.has("extra_hosts") ? loadExtraHosts(ctx, build.get("extra_hosts")) : [],
    network: decodeString(ctx, build.get("network"), at("network"), "Build.Network"),
    target: decodeString(ctx, build.get("target"), at("target"), "Build.Target"),
  };
}

/**
 * `resolveVolumePaths`: bind sources get `~` expanded from the CLI's HOME and
 * relative paths joined to the working directory (Windows absolute paths are
 * left alone).
 */
export function resolveVolumePaths(ctx: LoadContext, volumes: readonly ComposeServiceVolume[], path: readonly PathSegment[]): ComposeServiceVolume[] {
  return volumes.map((volume, index) => {
    if (volume.type !== "bind") return volume;
    if (volume.source === "") {
      reportError(ctx, "COMPOSE_MOUNT", 'invalid mount config for type "bind": field Source must not be empty', [...path, index]);
      return volume;
    }
    let source = volume.source;
    if (source.startsWith("~")) {
      const home = ctx.lookup("HOME");
      if (home === undefined) reportWarning(ctx, "COMPOSE_HOME_UNSET", "cannot expand '~', because the environment lacks HOME", [...path, index]);
      else source = home + source.slice(1);
    }
    if (!source.startsWith("/") && !isWindowsAbsolute(source)) source = absPath(ctx.workingDir, source);
    return { ...volume, source };
  });
}
