/**
 * Normalises a service spec, desired (as the CLI would send it) or live (as
 * the daemon returns it), into a comparable view. What the daemon fills in on
 * a 1.41 engine, observed with `GET /services/{id}` after creating services
 * from CLI-style bodies (docs/stack-deploy.md §3.10):
 * - `Mode` absent or `Replicated: {}` → `Replicas: 1`;
 * - `UpdateConfig`/`RollbackConfig` (when sent): `FailureAction` "" → `pause`,
 *   `Order` "" → `stop-first`; zero `Delay`/`Monitor` are omitted;
 * - `RestartPolicy` (when sent): `Condition` "" → `any`, `MaxAttempts` → 0;
 * - `EndpointSpec` `{}` → `{Mode: "vip"}`; ports without protocol → `tcp`;
 * - `TaskTemplate.Runtime` → `container`; network targets → network IDs;
 * - absent `StopGracePeriod`, `DNSConfig`, `RestartPolicy`, `UpdateConfig`
 *   stay absent (the daemon applies its defaults at run time, not in the spec).
 * `ForceUpdate` is left out: stack deploy copies it from the live service.
 */
import type { NetworkAttachment, PortConfig, ServiceSpec, UpdateConfig } from "../../engine/engine-service-spec.js";
import { addContainerFields, pruneEmpty } from "./container-view.js";
import { formatGoDuration } from "../../go/duration.js";
import { formatBytes, formatNanoCpus } from "./format-values.js";
import { ObjectViewBuilder, type Leaf, type ObjectView } from "./object-view.js";
import { addUnknownFields, toLeaf } from "./unknown-fields.js";

export interface ServiceViewContext {
  /** Network ID → name, to read the IDs the daemon stores as attachment targets. */
  readonly networkNames?: ReadonlyMap<string, string>;
  /** Whether an env var's value may be shown; by default no value is (they are often secret). */
  readonly isSensitiveEnv?: (name: string) => boolean;
  /** The daemon's API version (`1.41`): the desired spec is compared without what that daemon drops. */
  readonly apiVersion?: string;
}

const KNOWN_SERVICE_FIELDS = ["Name", "Labels", "TaskTemplate", "Mode", "UpdateConfig", "RollbackConfig", "Networks", "EndpointSpec"];
const KNOWN_TASK_FIELDS = ["ContainerSpec", "Resources", "RestartPolicy", "Placement", "Networks", "LogDriver", "ForceUpdate", "Runtime"];

export function toServiceView(spec: ServiceSpec, context: ServiceViewContext = {}): ObjectView {
  const builder = new ObjectViewBuilder();
  const task = spec.TaskTemplate;
  builder.value("name", spec.Name);
  addContainerFields(builder, task.ContainerSpec, context.isSensitiveEnv ?? (() => true));
  builder.keyed("deploy.labels", spec.Labels);
  addModeFields(builder, spec);
  addUpdateConfigFields(builder, "deploy.update_config", spec.UpdateConfig);
  addUpdateConfigFields(builder, "deploy.rollback_config", spec.RollbackConfig);
  builder
    .value("deploy.restart_policy.condition", task.RestartPolicy ? task.RestartPolicy.Condition || "any" : undefined)
    .value("deploy.restart_policy.delay", task.RestartPolicy?.Delay, duration)
    .value("deploy.restart_policy.max_attempts", task.RestartPolicy ? (task.RestartPolicy.MaxAttempts ?? 0) : undefined)
    .value("deploy.restart_policy.window", task.RestartPolicy?.Window || undefined, duration)
    .value("deploy.resources.limits.cpus", task.Resources?.Limits?.NanoCPUs || undefined, cpus)
    .value("deploy.resources.limits.memory", task.Resources?.Limits?.MemoryBytes || undefined, bytes)
    .value("deploy.resources.limits.pids", task.Resources?.Limits?.Pids || undefined)
    .value("deploy.resources.reservations.cpus", task.Resources?.Reservations?.NanoCPUs || undefined, cpus)
    .value("deploy.resources.reservations.memory", task.Resources?.Reservations?.MemoryBytes || undefined, bytes)
    .value("deploy.resources.reservations.generic_resources", toLeaf(task.Resources?.Reservations?.GenericResources))
    .value("deploy.placement.constraints", task.Placement?.Constraints ? [...task.Placement.Constraints].sort() : undefined)
    .value("deploy.placement.preferences", toLeaf(task.Placement?.Preferences))
    .value("deploy.placement.max_replicas_per_node", task.Placement?.MaxReplicas || undefined)
    .value("deploy.placement.platforms", toLeaf(task.Placement?.Platforms))
    .value("deploy.endpoint_mode", spec.EndpointSpec?.Mode || "vip")
    .keyed("ports", portsByKey(spec.EndpointSpec?.Ports))
    .keyed("networks", networksByName(networkAttachments(spec), context.networkNames), { format: formatAttachment })
    .value("logging.driver", task.LogDriver?.Name)
    .keyed("logging.options", task.LogDriver?.Options)
    .value("runtime", task.Runtime || "container");
  addUnknownFields(builder, "Spec", spec, KNOWN_SERVICE_FIELDS);
  addUnknownFields(builder, "TaskTemplate", task, KNOWN_TASK_FIELDS);
  return builder.build();
}

function addModeFields(builder: ObjectViewBuilder, spec: ServiceSpec): void {
  const mode = spec.Mode ?? {};
  if (mode.Global) builder.value("deploy.mode", "global");
  else if (mode.GlobalJob) builder.value("deploy.mode", "global-job");
  else if (mode.ReplicatedJob) {
    builder
      .value("deploy.mode", "replicated-job")
      .value("deploy.job.max_concurrent", mode.ReplicatedJob.MaxConcurrent)
      .value("deploy.job.total_completions", mode.ReplicatedJob.TotalCompletions);
  } else {
    // A missing count is stored as 1, on create and on every update (docker/cli#2235).
    builder.value("deploy.mode", "replicated").value("deploy.replicas", mode.Replicated?.Replicas ?? 1);
  }
}

function addUpdateConfigFields(builder: ObjectViewBuilder, prefix: string, config: UpdateConfig | undefined): void {
  if (config === undefined) return;
  builder
    .value(`${prefix}.parallelism`, config.Parallelism ?? 0)
    .value(`${prefix}.delay`, config.Delay || undefined, duration)
    .value(`${prefix}.failure_action`, config.FailureAction || "pause")
    .value(`${prefix}.monitor`, config.Monitor || undefined, duration)
    .value(`${prefix}.max_failure_ratio`, config.MaxFailureRatio ?? 0)
    .value(`${prefix}.order`, config.Order || "stop-first");
}

/** Ports keyed `published:target/protocol` (`target/protocol` when the swarm picks the port). */
function portsByKey(ports: readonly PortConfig[] | undefined): Record<string, Leaf> {
  const entries: Record<string, Leaf> = {};
  for (const port of ports ?? []) {
    const target = `${port.TargetPort ?? 0}/${port.Protocol ?? "tcp"}`;
    const key = port.PublishedPort ? `${port.PublishedPort}:${target}` : target;
    const mode = port.PublishMode ?? "ingress";
    entries[key] = port.Name ? { mode, name: port.Name } : mode;
  }
  return entries;
}

/** The CLI attaches through `TaskTemplate.Networks`; `Spec.Networks` is the pre-1.29 place. */
function networkAttachments(spec: ServiceSpec): readonly NetworkAttachment[] {
  const fromTask = spec.TaskTemplate.Networks ?? [];
  return fromTask.length > 0 ? fromTask : (spec.Networks ?? []);
}

function networksByName(
  attachments: readonly NetworkAttachment[],
  names: ReadonlyMap<string, string> | undefined,
): Record<string, Leaf> {
  const entries: Record<string, Leaf> = {};
  for (const attachment of attachments) {
    const name = names?.get(attachment.Target) ?? attachment.Target;
    entries[name] = pruneEmpty({ aliases: attachment.Aliases, driver_opts: attachment.DriverOpts }) ?? {};
  }
  return entries;
}

function formatAttachment(value: Leaf): string {
  const attachment = (value ?? {}) as { aliases?: readonly string[]; driver_opts?: Record<string, string> };
  const parts = [
    attachment.aliases?.length ? `aliases ${attachment.aliases.join(", ")}` : "no aliases",
    attachment.driver_opts ? `driver_opts ${JSON.stringify(attachment.driver_opts)}` : "",
  ];
  return parts.filter(Boolean).join("; ");
}

function duration(value: Leaf): string {
  return typeof value === "number" ? formatGoDuration(value) : String(value);
}

function cpus(value: Leaf): string {
  return typeof value === "number" ? formatNanoCpus(value) : String(value);
}

function bytes(value: Leaf): string {
  return typeof value === "number" ? formatBytes(value) : String(value);
}
