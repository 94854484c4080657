/**
 * `deploy:` and the task-level settings of a service (docs/stack-deploy.md
 * §3.5–3.9), after docker/cli `convert/service.go`.
 */
import type { ComposeDeploy, ComposePort, ComposeResources, ComposeRestartPolicy, ComposeUpdateConfig } from "../compose-project.js";
import type {
  EndpointSpec,
  GenericResource,
  Placement,
  PortConfig,
  ResourceRequirements,
  RestartPolicy,
  ServiceMode,
  UpdateConfig,
} from "../../engine/engine-service-spec.js";
import type { ComposeCompat } from "../compose-compat.js";
import { ConversionError } from "./conversion-error.js";
import { sortSliceGo } from "../../go/sort-slice.js";
import { parseCpus } from "./parse-cpus.js";

/** `convertDeployMode`; the job modes exist from 23.0 on. */
export function convertDeployMode(mode: string, replicas: number | undefined, compat: ComposeCompat): ServiceMode {
  const withReplicas = replicas === undefined ? {} : { Replicas: replicas };
  const noReplicas = (message: string) => {
    if (replicas !== undefined) throw new ConversionError("COMPOSE_REPLICAS_MODE", message);
  };
  switch (mode) {
    case "replicated":
    case "":
      return { Replicated: withReplicas };
    case "global":
      noReplicas("replicas can only be used with replicated mode");
      return { Global: {} };
  }
  if (compat === "28.2" && mode === "replicated-job") {
    return { ReplicatedJob: replicas === undefined ? {} : { MaxConcurrent: replicas, TotalCompletions: replicas } };
  }
  if (compat === "28.2" && mode === "global-job") {
    noReplicas("replicas can only be used with replicated or replicated-job mode");
    return { GlobalJob: {} };
  }
  throw new ConversionError("COMPOSE_UNKNOWN_MODE", `Unknown mode: ${mode}`);
}

/** `convertResources`: always an object; each side only when its compose mapping is present. */
export function convertResources(resources: ComposeResources): ResourceRequirements {
  const { limits, reservations } = resources;
  const cpus = (value: string) => (value !== "" ? parseCpus(value) : 0);
  const nonZero = <K extends string>(key: K, value: number) => (value !== 0 ? { [key]: value } : {}) as Partial<Record<K, number>>;
  const generic = (reservations?.genericResources ?? []).map((resource): GenericResource => {
    const spec = resource.discreteResourceSpec;
    return spec === undefined ? {} : { DiscreteResourceSpec: { Kind: spec.kind, Value: spec.value } };
  });
  return {
    ...(limits !== undefined
      ? { Limits: { ...nonZero("NanoCPUs", cpus(limits.cpus)), ...nonZero("MemoryBytes", limits.memory), ...nonZero("Pids", limits.pids) } }
      : {}),
    ...(reservations !== undefined
      ? {
          Reservations: {
            ...nonZero("NanoCPUs", cpus(reservations.cpus)),
            ...nonZero("MemoryBytes", reservations.memory),
            ...(generic.length > 0 ? { GenericResources: generic } : {}),
          },
        }
      : {}),
  };
}

/** `opts.ParseRestartPolicy` for the `restart:` fallback. */
function parseRestart(restart: string): { name: string; count: number } {
  if (restart === "") return { name: "", count: 0 };
  const parts = restart.split(":");
  if (parts.length > 2) throw new ConversionError("COMPOSE_RESTART_POLICY", "invalid restart policy format");
  const [name = "", count] = parts;
  if (count === undefined) return { name, count: 0 };
  // strconv.Atoi: optional sign and decimal digits only.
  if (!/^[+-]?\d+$/.test(count)) throw new ConversionError("COMPOSE_RESTART_POLICY", "maximum retry count must be an integer");
  return { name, count: Number(count) };
}

/**
 * `convertRestartPolicy`: `deploy.restart_policy` is copied as is; without
 * it the "unsupported" `restart:` key is used (`on-failure` → MaxAttempts 0).
 */
export function convertRestartPolicy(restart: string, policy: ComposeRestartPolicy | undefined): RestartPolicy | undefined {
  if (policy !== undefined) {
    return {
      ...(policy.condition !== "" ? { Condition: policy.condition } : {}),
      ...(policy.delay !== undefined ? { Delay: policy.delay } : {}),
      ...(policy.maxAttempts !== undefined ? { MaxAttempts: policy.maxAttempts } : {}),
      ...(policy.window !== undefined ? { Window: policy.window } : {}),
    };
  }
  const parsed = parseRestart(restart);
  switch (parsed.name) {
    case "":
    case "no":
      return undefined;
    case "always":
    case "unless-stopped":
      return { Condition: "any" };
    case "on-failure":
      return { Condition: "on-failure", MaxAttempts: parsed.count };
  }
  throw new ConversionError("COMPOSE_RESTART_POLICY", `unknown restart policy: ${restart}`);
}

/** `convertUpdateConfig`: Parallelism defaults to 1; MaxFailureRatio and Order are always sent. */
export function convertUpdateConfig(config: ComposeUpdateConfig | undefined): UpdateConfig | undefined {
  if (config === undefined) return undefined;
  return {
    Parallelism: config.parallelism ?? 1,
    ...(config.delay !== 0 ? { Delay: config.delay } : {}),
    ...(config.failureAction !== "" ? { FailureAction: config.failureAction } : {}),
    ...(config.monitor !== 0 ? { Monitor: config.monitor } : {}),
    MaxFailureRatio: config.maxFailureRatio,
    Order: config.order,
  };
}

/** Always an object, `{}` when nothing is set. */
export function convertPlacement(placement: ComposeDeploy["placement"]): Placement {
  return {
    ...(placement.constraints.length > 0 ? { Constraints: [...placement.constraints] } : {}),
    ...(placement.preferences.length > 0 ? { Preferences: placement.preferences.map((p) => ({ Spread: { SpreadDescriptor: p.spread } })) } : {}),
    ...(placement.maxReplicas !== 0 ? { MaxReplicas: placement.maxReplicas } : {}),
  };
}

/**
 * `convertEndpointSpec`: mode lower-cased; ports sorted by published port
 * only, with Go's `sort.Slice`, which is not stable: past twelve ports the
 * unpublished ones (all 0) come out in an order of its own, and one that
 * differs between the Go releases the 20.10 and 23.0+ CLIs are built with.
 */
export function convertEndpointSpec(endpointMode: string, ports: readonly ComposePort[], compat: ComposeCompat): EndpointSpec {
  const configs = ports.map(
    (port): PortConfig => ({
      ...(port.protocol !== "" ? { Protocol: port.protocol as NonNullable<PortConfig["Protocol"]> } : {}),
      ...(port.target !== 0 ? { TargetPort: port.target } : {}),
      ...(port.published !== 0 ? { PublishedPort: port.published } : {}),
      ...(port.mode !== "" ? { PublishMode: port.mode as NonNullable<PortConfig["PublishMode"]> } : {}),
    }),
  );
  sortSliceGo(configs, (a, b) => (a.PublishedPort ?? 0) < (b.PublishedPort ?? 0), compat === "20.10" ? "go1.19" : "go1.21");
  return {
    ...(endpointMode !== "" ? { Mode: endpointMode.toLowerCase() } : {}),
    ...(configs.length > 0 ? { Ports: configs } : {}),
  };
}
