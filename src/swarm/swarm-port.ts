/**
 * The one interface the apply and verify stages talk to the Swarm through.
 * The dockerode adapter (`createDockerodeSwarmPort`) implements it against a
 * real engine; tests and benchmarks decorate it (`createCountingSwarmPort`).
 * Read calls return undefined for a missing object instead of throwing; write
 * calls throw `SwarmError` with the daemon's message.
 */
import type {
  ConfigInfo,
  ContainerHealth,
  DistributionInfo,
  NetworkInfo,
  NodeInfo,
  NodeSpec,
  SecretInfo,
  ServiceInfo,
  SwarmNodeState,
  TaskInfo,
} from "../engine/engine-objects.js";
import type { ServiceSpec } from "../engine/engine-service-spec.js";
import type { ConfigSpec, NetworkCreate, SecretSpec } from "../engine/stack-spec.js";


export type { StackObjects } from "../engine/stack-objects.js";
import type { StackObjects } from "../engine/stack-objects.js";

export interface TaskFilter {
  /** Tasks of one service (ID or name). */
  readonly service?: string;
  /** Tasks of every service of a stack (namespace label). */
  readonly stack?: string;
  /**
   * Only tasks that match the service's current spec (the daemon's internal
   * `_up-to-date` filter, which the CLI's convergence progress uses too).
   */
  readonly upToDate?: boolean;
}

export interface ServiceWriteOptions {
  /** Value of the `X-Registry-Auth` header (base64url JSON), as `--with-registry-auth` sends it. */
  readonly registryAuth?: string;
}

export interface ServiceUpdateOptions extends ServiceWriteOptions {
  /** `previous`: the daemon restores `PreviousSpec` (what `docker service rollback` sends). */
  readonly rollback?: "previous";
}

export interface ServiceWriteResult {
  readonly id: string;
  /** Warnings the daemon returned (e.g. an image it could not resolve). */
  readonly warnings: readonly string[];
}

export interface SwarmPort {
  /** The Engine API version requests are pinned to (`1.41`), when the port knows it: the spec comparison drops what that daemon does not keep. */
  readonly apiVersion?: string;
  getNodeState(): Promise<SwarmNodeState>;
  listNodes(): Promise<readonly NodeInfo[]>;
  /**
   * Replaces a node's spec (labels, role, availability). `version` is the
   * node's `Version.Index`; a lost race fails with `update out of sequence`
   * and is not retried: the caller re-reads the labels it would overwrite.
   */
  updateNode(id: string, version: number, spec: NodeSpec): Promise<void>;
  /** `GET /swarm` (managers only): the join tokens and the cluster's ID. */
  inspectSwarm(): Promise<SwarmInfo>;

  /** Services (with Version, Spec, PreviousSpec, UpdateStatus), networks, secrets and configs of a stack. */
  listStackObjects(stack: string): Promise<StackObjects>;
  listStackServices(stack: string): Promise<readonly ServiceInfo[]>;
  /** Objects of every stack (namespace label present), grouped by namespace: one list call per kind, whatever the number of stacks. */
  listAllStackObjects(): Promise<ReadonlyMap<string, StackObjects>>;
  /** Services of every stack that carry `label` (key only): stacks deployed by Phoenix, for `status` and orphans. */
  listLabelledServices(label: string): Promise<readonly ServiceInfo[]>;
  /** Configs that carry `label` (key only), whatever their stack: Phoenix's own objects such as the sync record. */
  listLabelledConfigs(label: string): Promise<readonly ConfigInfo[]>;
  listStackNetworks(stack: string): Promise<readonly NetworkInfo[]>;

  inspectService(idOrName: string): Promise<ServiceInfo | undefined>;
  createService(spec: ServiceSpec, options?: ServiceWriteOptions): Promise<ServiceWriteResult>;
  /**
   * Replaces the spec of a service. `version` is the `Version.Index` the spec
   * was based on; on `update out of sequence` the adapter re-reads the version
   * and re-applies the same spec a bounded number of times.
   */
  updateService(id: string, version: number, spec: ServiceSpec, options?: ServiceUpdateOptions): Promise<ServiceWriteResult>;
  removeService(id: string): Promise<void>;
  listTasks(filter: TaskFilter): Promise<readonly TaskInfo[]>;

  /** By name or ID, whatever its labels (external networks, name collisions). */
  inspectNetwork(idOrName: string): Promise<NetworkInfo | undefined>;
  createNetwork(spec: NetworkCreate): Promise<{ readonly id: string }>;
  removeNetwork(id: string): Promise<void>;

  /** By name or ID, whatever its labels (external secrets, the CLI's by-name lookup). */
  inspectSecret(idOrName: string): Promise<SecretInfo | undefined>;
  createSecret(spec: SecretSpec): Promise<{ readonly id: string }>;
  /** Swarm secrets are immutable except for labels: a data change fails with `only updates to Labels are allowed`. */
  updateSecret(id: string, version: number, spec: SecretSpec): Promise<void>;
  removeSecret(id: string): Promise<void>;

  inspectConfig(idOrName: string): Promise<ConfigInfo | undefined>;
  createConfig(spec: ConfigSpec): Promise<{ readonly id: string }>;
  updateConfig(id: string, version: number, spec: ConfigSpec): Promise<void>;
  removeConfig(id: string): Promise<void>;

  /** Asks the image's registry for its digest and platforms (`--resolve-image always|changed`). */
  inspectDistribution(image: string, options?: ServiceWriteOptions): Promise<DistributionInfo>;
  /** Health log of a container on the node this port talks to; undefined when it is elsewhere or gone. */
  inspectContainerHealth(containerId: string): Promise<ContainerHealth | undefined>;
  /**
   * The last lines a task wrote (stdout and stderr, `GET /tasks/{id}/logs`,
   * what `docker service logs` reads), bounded by `limits`; [] when the task
   * never started a container or its node does not answer.
   */
  readTaskLogs(taskId: string, limits: TaskLogLimits): Promise<readonly string[]>;
}

/** Bounds on what `readTaskLogs` reads and returns, whatever the task wrote. */
export interface TaskLogLimits {
  /** At most this many lines, the last ones. */
  readonly lines: number;
  /** Each line cut to this many characters. */
  readonly lineLength: number;
}

/** The part of `GET /swarm` that `phoenix swarm join-plan` needs. */
export interface SwarmInfo {
  readonly ID: string;
  readonly JoinTokens: { readonly Worker: string; readonly Manager: string };
}

/** The SwarmPort methods that change the swarm. */
export const WRITE_METHODS = [
  "updateNode",
  "createService",
  "updateService",
  "removeService",
  "createNetwork",
  "removeNetwork",
  "createSecret",
  "updateSecret",
  "removeSecret",
  "createConfig",
  "updateConfig",
  "removeConfig",
] as const satisfies readonly (keyof SwarmPort)[];

export type WriteMethod = (typeof WRITE_METHODS)[number];
