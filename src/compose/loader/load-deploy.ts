import type { ComposeDeploy, ComposeGenericResource, ComposeResources, ComposeRestartPolicy, ComposeUpdateConfig } from "../compose-project.js";
import { toFloat32 } from "../../go/strconv.js";
import { isYamlList, isYamlMap, type PathSegment, type YamlMap, type YamlValue } from "../yaml/yaml-value.js";
import { decodeDuration, decodeInt, decodeMappingOrList, decodeString, decodeStringList, decodeUint, mapOrEmpty } from "./decode-values.js";
import { reportHookError, type LoadContext } from "./load-context.js";
import { parseRamInBytes } from "../../go/units-size.js";

function loadUpdateConfig(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[], name: string): ComposeUpdateConfig | undefined {
  if (!isYamlMap(value)) return undefined;
  const at = (key: string) => [...path, key];
  const ratio = value.get("max_failure_ratio");
  return {
    parallelism: decodeUint(ctx, value.get("parallelism"), at("parallelism"), `${name}.Parallelism`),
    delay: decodeDuration(ctx, value.get("delay"), at("delay"), `${name}.Delay`) ?? 0,
    failureAction: decodeString(ctx, value.get("failure_action"), at("failure_action"), `${name}.failure_action`),
    monitor: decodeDuration(ctx, value.get("monitor"), at("monitor"), `${name}.Monitor`) ?? 0,
    // A float32 field in the CLI.
    maxFailureRatio: typeof ratio === "number" || typeof ratio === "bigint" ? toFloat32(Number(ratio)) : 0,
    order: decodeString(ctx, value.get("order"), at("order"), `${name}.Order`),
  };
}

/** `UnitBytes`: go-units RAMInBytes for strings, integers as bytes. */
function decodeBytes(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[], name: string): number {
  if (typeof value === "bigint") return Number(value);
  if (typeof value !== "string") return 0;
  const parsed = parseRamInBytes(value);
  if (!parsed.ok) {
    reportHookError(ctx, name, parsed.error, path);
    return 0;
  }
  return parsed.value;
}

function loadGenericResources(value: YamlValue | undefined, ctx: LoadContext, path: readonly PathSegment[], name: string): ComposeGenericResource[] {
  if (!isYamlList(value)) return [];
  return value.map((entry, index) => {
    const spec = mapOrEmpty(entry).get("discrete_resource_spec");
    if (!isYamlMap(spec)) return { discreteResourceSpec: undefined };
    const kind = decodeString(ctx, spec.get("kind"), [...path, index, "discrete_resource_spec", "kind"], `${name}[${index}].discrete_resource_spec.Kind`);
    return { discreteResourceSpec: { kind, value: decodeInt(spec.get("value")) } };
  });
}

function loadResources(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[]): ComposeResources {
  const resources = mapOrEmpty(value);
  const limits = resources.get("limits");
  const reservations = resources.get("reservations");
  const at = (part: string, key: string) => [...path, part, key];
  const base = "Deploy.Resources";
  return {
    limits: isYamlMap(limits)
      ? {
          cpus: decodeString(ctx, limits.get("cpus"), at("limits", "cpus"), `${base}.Limits.cpus`),
          memory: decodeBytes(ctx, limits.get("memory"), at("limits", "memory"), `${base}.Limits.memory`),
          pids: decodeInt(limits.get("pids")),
        }
      : undefined,
    reservations: isYamlMap(reservations)
      ? {
          cpus: decodeString(ctx, reservations.get("cpus"), at("reservations", "cpus"), `${base}.Reservations.cpus`),
          memory: decodeBytes(ctx, reservations.get("memory"), at("reservations", "memory"), `${base}.Reservations.memory`),
          genericResources: loadGenericResources(
            reservations.get("generic_resources"),
            ctx,
            at("reservations", "generic_resources"),
            `${base}.Reservations.generic_resources`,
          ),
        }
      : undefined,
  };
}

function loadRestartPolicy(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[]): ComposeRestartPolicy | undefined {
  if (!isYamlMap(value)) return undefined;
  const at = (key: string) => [...path, key];
  const name = "Deploy.restart_policy";
  return {
    condition: decodeString(ctx, value.get("condition"), at("condition"), `${name}.Condition`),
    delay: decodeDuration(ctx, value.get("delay"), at("delay"), `${name}.Delay`),
    maxAttempts: decodeUint(ctx, value.get("max_attempts"), at("max_attempts"), `${name}.max_attempts`),
    window: decodeDuration(ctx, value.get("window"), at("window"), `${name}.Window`),
  };
}

function loadPlacement(ctx: LoadContext, value: YamlMap, path: readonly PathSegment[]): ComposeDeploy["placement"] {
  const preferences = value.get("preferences");
  return {
    constraints: decodeStringList(value.get("constraints")),
    preferences: isYamlList(preferences)
      ? preferences.map((entry, index) => ({
          spread: decodeString(ctx, mapOrEmpty(entry).get("spread"), [...path, "preferences", index, "spread"], `Deploy.Placement.Preferences[${index}].Spread`),
        }))
      : [],
    maxReplicas:
      decodeUint(ctx, value.get("max_replicas_per_node"), [...path, "max_replicas_per_node"], "Deploy.Placement.max_replicas_per_node") ?? 0,
  };
}

/** `deploy` (may be null). */
export function loadDeploy(ctx: LoadContext, value: YamlValue | undefined, path: readonly PathSegment[]): ComposeDeploy {
  const deploy = mapOrEmpty(value);
  const at = (key: string) => [...path, key];
  return {
    mode: decodeString(ctx, deploy.get("mode"), at("mode"), "Deploy.Mode"),
    replicas: decodeUint(ctx, deploy.get("replicas"), at("replicas"), "Deploy.Replicas"),
    labels: decodeMappingOrList(deploy.get("labels"), "=", false),
    updateConfig: loadUpdateConfig(ctx, deploy.get("update_config"), at("update_config"), "Deploy.update_config"),
    rollbackConfig: loadUpdateConfig(ctx, deploy.get("rollback_config"), at("rollback_config"), "Deploy.rollback_config"),
    resources: loadResources(ctx, deploy.get("resources"), at("resources")),
    restartPolicy: loadRestartPolicy(ctx, deploy.get("restart_policy"), at("restart_policy")),
    placement: loadPlacement(ctx, mapOrEmpty(deploy.get("placement")), at("placement")),
    endpointMode: decodeString(ctx, deploy.get("endpoint_mode"), at("endpoint_mode"), "Deploy.endpoint_mode"),
  };
}
