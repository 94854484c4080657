/**
 * SwarmPort over dockerode. Requests go through `docker.modem.dial` with an
 * explicit query and body, because dockerode's `service.update(opts)` puts the
 * whole spec into the query string as well as the body. Filters are sent in
 * the map-of-booleans form the CLI uses (docs/stack-deploy.md §5.1).
 */
import type Docker from "dockerode";
import type { DialOptions } from "docker-modem";
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
import type {
  ServiceUpdateOptions,
  ServiceWriteOptions,
  ServiceWriteResult,
  StackObjects,
  SwarmInfo,
  SwarmPort,
  TaskFilter,
} from "./swarm-port.js";
import { isNotFoundError, isOutOfSequenceError, toSwarmError } from "./docker-api-error.js";
import { NAMESPACE_LABEL } from "../engine/stack-labels.js";
import { readTaskLogs } from "./read-task-logs.js";

export interface DockerodeSwarmPortOptions {
  /** How often an update that lost an optimistic-locking race is re-read and re-applied. */
  readonly maxUpdateAttempts?: number;
}

type Method = "GET" | "POST" | "DELETE";

interface Request {
  readonly method: Method;
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number>>;
  readonly body?: unknown;
  readonly registryAuth?: string;
}

const STATUS_CODES = {
  200: true,
  201: true,
  204: true,
  304: true,
  400: "bad parameter",
  403: "forbidden",
  404: "not found",
  409: "conflict",
  500: "server error",
  503: "node is not part of a swarm",
} as const;

export function createDockerodeSwarmPort(docker: Docker, options: DockerodeSwarmPortOptions = {}): SwarmPort {
  const maxUpdateAttempts = options.maxUpdateAttempts ?? 5;

  function dial<T>(request: Request): Promise<T> {
    const dialOptions: DialOptions = {
      path: request.query === undefined ? request.path : `${request.path}?`,
      method: request.method,
      statusCodes: STATUS_CODES,
      ...(request.query === undefined && request.body === undefined
        ? {}
        : { options: { _query: request.query ?? {}, _body: request.body ?? {} } }),
      ...(request.registryAuth === undefined ? {} : { authconfig: { base64: request.registryAuth } }),
    };
    return new Promise<T>((resolve, reject) => {
      docker.modem.dial(dialOptions, (error, result) => (error ? reject(error) : resolve(result as T)));
    });
  }

  async function inspectOrUndefined<T>(path: string): Promise<T | undefined> {
    try {
      return await dial<T>({ method: "GET", path });
    } catch (error) {
      if (isNotFoundError(error)) return undefined;
      throw toSwarmError(error, "SWARM_READ_FAILED", `failed to read ${path}`);
    }
  }

  async function list<T>(path: string, filters: Record<string, Record<string, boolean>>): Promise<readonly T[]> {
    try {
      return (await dial<T[] | null>({ method: "GET", path, query: { filters: JSON.stringify(filters) } })) ?? [];
    } catch (error) {
      throw toSwarmError(error, "SWARM_READ_FAILED", `failed to list ${path.slice(1)}`);
    }
  }

  async function write<T>(request: Request, code: string, message: string): Promise<T> {
    try {
      return await dial<T>(request);
    } catch (error) {
      throw toSwarmError(error, code, message);
    }
  }

  const stackFilter = (stack: string) => ({ label: { [`${NAMESPACE_LABEL}=${stack}`]: true } });
  const encode = encodeURIComponent;

  /** Re-reads the version after `update out of sequence` and re-applies the same spec. */
  async function updateVersioned(
    kind: "service" | "secret" | "config",
    id: string,
    version: number,
    send: (version: number) => Promise<unknown>,
  ): Promise<unknown> {
    let current = version;
    for (let attempt = 1; ; attempt++) {
      try {
        return await send(current);
      } catch (error) {
        if (!isOutOfSequenceError(error) || attempt >= maxUpdateAttempts) throw error;
        const fresh = await inspectOrUndefined<{ Version: { Index: number } }>(`/${kind}s/${encode(id)}`);
        if (fresh === undefined) throw error;
        current = fresh.Version.Index;
      }
    }
  }

  const pinned = (docker.modem as { version?: string }).version;
  return {
    ...(pinned ? { apiVersion: pinned.replace(/^v/, "") } : {}),
    async getNodeState(): Promise<SwarmNodeState> {
      const info = await write<{ Swarm?: { ControlAvailable?: boolean; NodeID?: string; LocalNodeState?: string } }>(
        { method: "GET", path: "/info" },
        "SWARM_READ_FAILED",
        "failed to read /info",
      );
      return {
        isManager: info.Swarm?.ControlAvailable === true,
        nodeId: info.Swarm?.NodeID ?? "",
        localNodeState: info.Swarm?.LocalNodeState ?? "inactive",
      };
    },

    listNodes: () => list<NodeInfo>("/nodes", {}),
    async updateNode(id: string, version: number, spec: NodeSpec): Promise<void> {
      await write(
        { method: "POST", path: `/nodes/${encode(id)}/update`, query: { version }, body: spec },
        "NODE_UPDATE_FAILED",
        `failed to update node ${id}`,
      );
    },
    inspectSwarm: () => write<SwarmInfo>({ method: "GET", path: "/swarm" }, "SWARM_READ_FAILED", "failed to read /swarm"),

    async listStackObjects(stack: string): Promise<StackObjects> {
      const [services, networks, secrets, configs] = await Promise.all([
        list<ServiceInfo>("/services", stackFilter(stack)),
        list<NetworkInfo>("/networks", stackFilter(stack)),
        list<SecretInfo>("/secrets", stackFilter(stack)),
        list<ConfigInfo>("/configs", stackFilter(stack)),
      ]);
      return { services, networks, secrets, configs };
    },
    async listAllStackObjects(): Promise<ReadonlyMap<string, StackObjects>> {
      const anyStack = { label: { [NAMESPACE_LABEL]: true } };
      const [services, networks, secrets, configs] = await Promise.all([
        list<ServiceInfo>("/services", anyStack),
        list<NetworkInfo>("/networks", anyStack),
        list<SecretInfo>("/secrets", anyStack),
        list<ConfigInfo>("/configs", anyStack),
      ]);
      return groupByNamespace({ services, networks, secrets, configs });
    },
    listStackServices: (stack) => list<ServiceInfo>("/services", stackFilter(stack)),
    listLabelledServices: (label) => list<ServiceInfo>("/services", { label: { [label]: true } }),
    listLabelledConfigs: (label) => list<ConfigInfo>("/configs", { label: { [label]: true } }),
    listStackNetworks: (stack) => list<NetworkInfo>("/networks", stackFilter(stack)),

    inspectService: (idOrName) => inspectOrUndefined<ServiceInfo>(`/services/${encode(idOrName)}`),

    async createService(spec: ServiceSpec, options: ServiceWriteOptions = {}): Promise<ServiceWriteResult> {
      const created = await write<{ ID: string; Warnings?: string[] | null }>(
        { method: "POST", path: "/services/create", body: spec, registryAuth: options.registryAuth },
        "SERVICE_CREATE_FAILED",
        `failed to create service ${spec.Name}`,
      );
      return { id: created.ID, warnings: created.Warnings ?? [] };
    },

    async updateService(id, version, spec, options: ServiceUpdateOptions = {}): Promise<ServiceWriteResult> {
      const send = (index: number) =>
        dial<{ Warnings?: string[] | null }>({
          method: "POST",
          path: `/services/${encode(id)}/update`,
          query: { version: index, ...(options.rollback === undefined ? {} : { rollback: options.rollback }) },
          body: spec,
          registryAuth: options.registryAuth,
        });
      try {
        const updated = (await updateVersioned("service", id, version, send)) as { Warnings?: string[] | null };
        return { id, warnings: updated.Warnings ?? [] };
      } catch (error) {
        throw toSwarmError(error, "SERVICE_UPDATE_FAILED", `failed to update service ${spec.Name}`);
      }
    },

    removeService: (id) =>
      write({ method: "DELETE", path: `/services/${encode(id)}` }, "SERVICE_REMOVE_FAILED", `failed to remove service ${id}`),

    listTasks(filter: TaskFilter): Promise<readonly TaskInfo[]> {
      const filters: Record<string, Record<string, boolean>> = {};
      if (filter.service !== undefined) filters.service = { [filter.service]: true };
      if (filter.stack !== undefined) Object.assign(filters, stackFilter(filter.stack));
      if (filter.upToDate === true) filters["_up-to-date"] = { true: true };
      return list<TaskInfo>("/tasks", filters);
    },

    inspectNetwork: (idOrName) => inspectOrUndefined<NetworkInfo>(`/networks/${encode(idOrName)}`),
    async createNetwork(spec: NetworkCreate) {
      // The 20.10 CLI's body: CheckDuplicate false, no IPv6, no ingress, no config-only network.
      const body = { CheckDuplicate: false, EnableIPv6: false, Scope: "", Ingress: false, ConfigOnly: false, ConfigFrom: null, ...spec };
      const created = await write<{ Id: string }>(
        { method: "POST", path: "/networks/create", body },
        "NETWORK_CREATE_FAILED",
        `failed to create network ${spec.Name}`,
      );
      return { id: created.Id };
    },
    removeNetwork: (id) =>
      write({ method: "DELETE", path: `/networks/${encode(id)}` }, "NETWORK_REMOVE_FAILED", `failed to remove network ${id}`),

    inspectSecret: (idOrName) => inspectOrUndefined<SecretInfo>(`/secrets/${encode(idOrName)}`),
    async createSecret(spec: SecretSpec) {
      const created = await write<{ ID: string }>(
        { method: "POST", path: "/secrets/create", body: spec },
        "SECRET_CREATE_FAILED",
        `failed to create secret ${spec.Name}`,
      );
      return { id: created.ID };
    },
    async updateSecret(id, version, spec) {
      const send = (index: number) =>
        dial({ method: "POST", path: `/secrets/${encode(id)}/update`, query: { version: index }, body: spec });
      try {
        await updateVersioned("secret", id, version, send);
      } catch (error) {
        throw toSwarmError(error, "SECRET_UPDATE_FAILED", `failed to update secret ${spec.Name}`);
      }
    },
    removeSecret: (id) =>
      write({ method: "DELETE", path: `/secrets/${encode(id)}` }, "SECRET_REMOVE_FAILED", `failed to remove secret ${id}`),

    inspectConfig: (idOrName) => inspectOrUndefined<ConfigInfo>(`/configs/${encode(idOrName)}`),
    async createConfig(spec: ConfigSpec) {
      const created = await write<{ ID: string }>(
        { method: "POST", path: "/configs/create", body: spec },
        "CONFIG_CREATE_FAILED",
        `failed to create config ${spec.Name}`,
      );
      return { id: created.ID };
    },
    async updateConfig(id, version, spec) {
      const send = (index: number) =>
        dial({ method: "POST", path: `/configs/${encode(id)}/update`, query: { version: index }, body: spec });
      try {
        await updateVersioned("config", id, version, send);
      } catch (error) {
        throw toSwarmError(error, "CONFIG_UPDATE_FAILED", `failed to update config ${spec.Name}`);
      }
    },
    removeConfig: (id) =>
      write({ method: "DELETE", path: `/configs/${encode(id)}` }, "CONFIG_REMOVE_FAILED", `failed to remove config ${id}`),

    inspectDistribution: (image, options: ServiceWriteOptions = {}) =>
      write<DistributionInfo>(
        { method: "GET", path: `/distribution/${image}/json`, registryAuth: options.registryAuth },
        "IMAGE_RESOLVE_FAILED",
        `failed to resolve image ${image}`,
      ),

    async inspectContainerHealth(containerId: string): Promise<ContainerHealth | undefined> {
      type HealthLog = { ExitCode: number; Output: string }[] | null;
      type Inspect = { State?: { Health?: { Status: string; FailingStreak: number; Log?: HealthLog } } };
      const container = await inspectOrUndefined<Inspect>(`/containers/${encode(containerId)}/json`);
      const health = container?.State?.Health;
      if (health === undefined) return undefined;
      return {
        status: health.Status,
        failingStreak: health.FailingStreak,
        log: (health.Log ?? []).map((entry) => ({ exitCode: entry.ExitCode, output: entry.Output })),
      };
    },

    readTaskLogs: (taskId, limits) => readTaskLogs(docker, taskId, limits),
  };
}

/** Splits objects of every stack by their namespace label. */
export function groupByNamespace(all: StackObjects): Map<string, StackObjects> {
  const groups = new Map<string, { services: ServiceInfo[]; networks: NetworkInfo[]; secrets: SecretInfo[]; configs: ConfigInfo[] }>();
  const group = (labels: Readonly<Record<string, string>> | null | undefined) => {
    const ns = labels?.[NAMESPACE_LABEL];
    if (ns === undefined) return undefined;
    let g = groups.get(ns);
    if (!g) groups.set(ns, (g = { services: [], networks: [], secrets: [], configs: [] }));
    return g;
  };
  for (const s of all.services) group(s.Spec.Labels)?.services.push(s);
  for (const n of all.networks) group(n.Labels)?.networks.push(n);
  for (const s of all.secrets) group(s.Spec.Labels)?.secrets.push(s);
  for (const c of all.configs) group(c.Spec.Labels)?.configs.push(c);
  return groups;
}
