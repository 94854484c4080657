/**
 * An in-memory SwarmPort for unit tests of the deploy engine. It keeps the
 * daemon behaviours the engine depends on: network targets stored as IDs,
 * versioned updates (`update out of sequence`), `PreviousSpec` and
 * `rollback=previous`, immutable secret/config data, secrets returned without
 * data, and removal refused while a service references an object. Tasks come
 * from a script per service (default: every replica running).
 */
import { SwarmError } from "../../../src/errors.js";
import { toSwarmError } from "../../../src/swarm/docker-api-error.js";
import type { ConfigInfo, ContainerHealth, NetworkInfo, SecretInfo, ServiceInfo, TaskInfo } from "../../../src/engine/engine-objects.js";
import type { ServiceSpec } from "../../../src/engine/engine-service-spec.js";
import { NAMESPACE_LABEL } from "../../../src/engine/stack-labels.js";
import type { ConfigSpec, NetworkCreate, SecretSpec } from "../../../src/engine/stack-spec.js";
import type { StackObjects, SwarmPort } from "../../../src/swarm/swarm-port.js";

type TaskScript = (service: ServiceInfo, sinceUpdateMs: number) => TaskInfo[];

export class FakeSwarmPort implements SwarmPort {
  readonly services = new Map<string, ServiceInfo>();
  readonly networks = new Map<string, NetworkInfo>();
  readonly secrets = new Map<string, SecretInfo & { data: string }>();
  readonly configs = new Map<string, ConfigInfo>();
  readonly taskScripts = new Map<string, TaskScript>();
  /** What `readTaskLogs` returns, by task ID. */
  readonly taskLogs = new Map<string, string[]>();
  readonly calls: string[] = [];
  isManager = true;
  /** Names whose create/update the fake rejects, with the daemon's message. */
  readonly rejectService = new Map<string, string>();
  private index = 100;
  private nextId = 1;

  constructor() {
    this.networks.set("ingress-id", { Id: "ingress-id", Name: "ingress", Driver: "overlay", Scope: "swarm", Ingress: true });
  }

  private id(prefix: string): string {
    return `${prefix}${String(this.nextId++).padStart(4, "0")}`;
  }

  private stamp(): { Version: { Index: number }; UpdatedAt: string } {
    return { Version: { Index: ++this.index }, UpdatedAt: new Date().toISOString() };
  }

  /** Fails like the dockerode adapter: a SwarmError with its context around the daemon's message. */
  private reject(message: string, status = 400, context = "request failed", code = "SWARM_REQUEST_FAILED"): never {
    const raw = Object.assign(new Error(`(HTTP code ${status}) - ${message}`), { statusCode: status, json: { message } });
    throw toSwarmError(raw, code, context);
  }

  private find<T>(map: Map<string, T>, idOrName: string, name: (item: T) => string): T | undefined {
    return map.get(idOrName) ?? [...map.values()].find((item) => name(item) === idOrName);
  }

  /** What the daemon stores: network names become IDs. */
  private store(spec: ServiceSpec): ServiceSpec {
    const networks = spec.TaskTemplate.Networks?.map((n) => ({
      ...n,
      Target: this.find(this.networks, n.Target, (x) => x.Name)?.Id ?? this.reject(`network ${n.Target} not found`, 404),
    }));
    return { ...spec, TaskTemplate: { ...spec.TaskTemplate, ...(networks ? { Networks: networks } : {}), Runtime: "container" } };
  }

  async getNodeState() {
    return { isManager: this.isManager, nodeId: "node1", localNodeState: "active" };
  }
  async listNodes() {
    return [
      {
        ID: "node1",
        Spec: { Role: "manager" as const, Availability: "active" as const },
        Status: { State: "ready" as const },
        ManagerStatus: { Leader: true, Reachability: "reachable" as const },
      },
    ];
  }
  async updateNode(id: string): Promise<void> {
    this.calls.push(`updateNode ${id}`);
  }
  async inspectSwarm() {
    return { ID: "swarm1", JoinTokens: { Worker: "SWMTKN-1-worker", Manager: "SWMTKN-1-manager" } };
  }

  async listStackObjects(stack: string): Promise<StackObjects> {
    const mine = (labels: Readonly<Record<string, string>> | null | undefined) => labels?.[NAMESPACE_LABEL] === stack;
    return {
      services: [...this.services.values()].filter((s) => mine(s.Spec.Labels)),
      networks: [...this.networks.values()].filter((n) => mine(n.Labels)),
      secrets: [...this.secrets.values()].filter((s) => mine(s.Spec.Labels)).map(({ data: _data, ...info }) => info),
      configs: [...this.configs.values()].filter((c) => mine(c.Spec.Labels)),
    };
  }
  async listStackServices(stack: string) {
    return (await this.listStackObjects(stack)).services;
  }
  async listAllStackObjects() {
    const namespaces = new Set([...this.services.values()].map((s) => s.Spec.Labels?.[NAMESPACE_LABEL]).filter((n): n is string => n !== undefined));
    for (const n of this.networks.values()) if (n.Labels?.[NAMESPACE_LABEL]) namespaces.add(n.Labels[NAMESPACE_LABEL]);
    const out = new Map<string, StackObjects>();
    for (const ns of namespaces) out.set(ns, await this.listStackObjects(ns));
    return out;
  }
  async listLabelledServices(label: string) {
    return [...this.services.values()].filter((s) => s.Spec.Labels?.[label] !== undefined);
  }
  async listLabelledConfigs(label: string) {
    return [...this.configs.values()].filter((c) => c.Spec.Labels?.[label] !== undefined);
  }
  async listStackNetworks(stack: string) {
    return (await this.listStackObjects(stack)).networks;
  }

  async inspectService(idOrName: string) {
    const service = this.find(this.services, idOrName, (s) => s.Spec.Name);
    // A requested rollback is seen started once, then completed, as the swarm's updater reports it.
    if (service?.UpdateStatus?.State === "rollback_started") this.services.set(service.ID, { ...service, ...this.stamp(), UpdateStatus: { State: "rollback_completed" } });
    return service;
  }
  async createService(spec: ServiceSpec) {
    this.calls.push(`createService ${spec.Name}`);
    const rejection = this.rejectService.get(spec.Name);
    const context = `failed to create service ${spec.Name}`;
    if (rejection !== undefined) this.reject(rejection, 500, context, "SERVICE_CREATE_FAILED");
    if (this.find(this.services, spec.Name, (s) => s.Spec.Name)) this.reject("name conflicts with an existing object", 409, context);
    const id = this.id("svc");
    const now = this.stamp();
    this.services.set(id, { ID: id, CreatedAt: now.UpdatedAt, ...now, Spec: this.store(spec) });
    return { id, warnings: [] };
  }
  async updateService(id: string, version: number, spec: ServiceSpec, options: { rollback?: "previous" } = {}) {
    this.calls.push(`updateService ${spec.Name}${options.rollback ? " rollback" : ""}`);
    const current = this.services.get(id) ?? this.reject(`service ${id} not found`, 404);
    const context = `failed to update service ${spec.Name}`;
    if (current.Version.Index !== version) this.reject("rpc error: code = Unknown desc = update out of sequence", 500, context);
    const rejection = this.rejectService.get(spec.Name);
    if (rejection !== undefined && !options.rollback) this.reject(rejection, 500, context, "SERVICE_UPDATE_FAILED");
    if (options.rollback) {
      const previous = current.PreviousSpec ?? this.reject("service does not have a previous spec", 400);
      this.services.set(id, { ...current, ...this.stamp(), Spec: previous, PreviousSpec: current.Spec, UpdateStatus: { State: "rollback_started" } });
    } else {
      this.services.set(id, { ...current, ...this.stamp(), Spec: this.store(spec), PreviousSpec: current.Spec });
    }
    return { id, warnings: [] };
  }
  async removeService(id: string) {
    this.calls.push(`removeService ${this.services.get(id)?.Spec.Name ?? id}`);
    if (!this.services.delete(id)) this.reject(`service ${id} not found`, 404);
  }
  async listTasks(filter: { service?: string; stack?: string }) {
    const services = [...this.services.values()].filter(
      (s) => (filter.service === undefined || s.ID === filter.service) && (filter.stack === undefined || s.Spec.Labels?.[NAMESPACE_LABEL] === filter.stack),
    );
    return services.flatMap((service) => (this.taskScripts.get(service.Spec.Name) ?? runningTasks)(service, Date.parse(service.UpdatedAt ?? "")));
  }

  async inspectNetwork(idOrName: string) {
    return this.find(this.networks, idOrName, (n) => n.Name);
  }
  async createNetwork(spec: NetworkCreate) {
    this.calls.push(`createNetwork ${spec.Name}`);
    if (this.find(this.networks, spec.Name, (n) => n.Name)) this.reject(`network with name ${spec.Name} already exists`, 409);
    const id = this.id("net");
    this.networks.set(id, { Id: id, Name: spec.Name, Driver: spec.Driver, Scope: "swarm", Labels: spec.Labels, Options: spec.Options ?? null });
    return { id };
  }
  async removeNetwork(id: string) {
    this.calls.push(`removeNetwork ${this.networks.get(id)?.Name ?? id}`);
    this.networks.delete(id);
  }

  async inspectSecret(idOrName: string) {
    const found = this.find(this.secrets, idOrName, (s) => s.Spec.Name);
    if (found === undefined) return undefined;
    const { data: _data, ...info } = found;
    return info;
  }
  async createSecret(spec: SecretSpec) {
    this.calls.push(`createSecret ${spec.Name}`);
    if (this.find(this.secrets, spec.Name, (s) => s.Spec.Name)) this.reject(`secret ${spec.Name} already exists`, 409);
    const id = this.id("sec");
    this.secrets.set(id, { ID: id, ...this.stamp(), Spec: { Name: spec.Name, Labels: spec.Labels }, data: spec.Data ?? "" });
    return { id };
  }
  async updateSecret(id: string, version: number, spec: SecretSpec) {
    this.calls.push(`updateSecret ${spec.Name}`);
    const current = this.secrets.get(id) ?? this.reject(`secret ${id} not found`, 404);
    const context = `failed to update secret ${spec.Name}`;
    if (current.Version.Index !== version) this.reject("rpc error: code = Unknown desc = update out of sequence", 500, context);
    if ((spec.Data ?? "") !== current.data) {
      this.reject("rpc error: code = InvalidArgument desc = only updates to Labels are allowed", 400, context, "SECRET_UPDATE_FAILED");
    }
    this.secrets.set(id, { ...current, ...this.stamp(), Spec: { Name: current.Spec.Name, Labels: spec.Labels } });
  }
  async removeSecret(id: string) {
    this.calls.push(`removeSecret ${this.secrets.get(id)?.Spec.Name ?? id}`);
    this.refuseInUse(id, "secret");
    this.secrets.delete(id);
  }

  async inspectConfig(idOrName: string) {
    return this.find(this.configs, idOrName, (c) => c.Spec.Name);
  }
  async createConfig(spec: ConfigSpec) {
    this.calls.push(`createConfig ${spec.Name}`);
    if (this.find(this.configs, spec.Name, (c) => c.Spec.Name)) this.reject(`config ${spec.Name} already exists`, 409);
    const id = this.id("cfg");
    this.configs.set(id, { ID: id, ...this.stamp(), Spec: { Name: spec.Name, Labels: spec.Labels, Data: spec.Data } });
    return { id };
  }
  async updateConfig(id: string, version: number, spec: ConfigSpec) {
    this.calls.push(`updateConfig ${spec.Name}`);
    const current = this.configs.get(id) ?? this.reject(`config ${id} not found`, 404);
    const context = `failed to update config ${spec.Name}`;
    if (current.Version.Index !== version) this.reject("rpc error: code = Unknown desc = update out of sequence", 500, context);
    if (spec.Data !== current.Spec.Data) {
      this.reject("rpc error: code = InvalidArgument desc = only updates to Labels are allowed", 400, context, "CONFIG_UPDATE_FAILED");
    }
    this.configs.set(id, { ...current, ...this.stamp(), Spec: { ...current.Spec, Labels: spec.Labels } });
  }
  async removeConfig(id: string) {
    this.calls.push(`removeConfig ${this.configs.get(id)?.Spec.Name ?? id}`);
    this.refuseInUse(id, "config");
    this.configs.delete(id);
  }

  async inspectDistribution(image: string): Promise<never> {
    throw new SwarmError("apply", "IMAGE_RESOLVE_FAILED", `failed to resolve image ${image}: no registry`);
  }
  async inspectContainerHealth(_containerId: string): Promise<ContainerHealth | undefined> {
    return undefined;
  }
  async readTaskLogs(taskId: string, limits: { lines: number }): Promise<readonly string[]> {
    return (this.taskLogs.get(taskId) ?? []).slice(-limits.lines);
  }

  private refuseInUse(id: string, kind: "secret" | "config"): void {
    const user = [...this.services.values()].find((s) =>
      kind === "secret"
        ? s.Spec.TaskTemplate.ContainerSpec?.Secrets?.some((r) => r.SecretID === id)
        : s.Spec.TaskTemplate.ContainerSpec?.Configs?.some((r) => r.ConfigID === id),
    );
    if (user) this.reject(`rpc error: code = InvalidArgument desc = ${kind} '${id}' is in use by the following service: ${user.Spec.Name}`);
  }
}

/** Every replica (or one task for global services) running, created after the last update. */
export function runningTasks(service: ServiceInfo, sinceUpdateMs: number): TaskInfo[] {
  const replicas = service.Spec.Mode?.Global ? 1 : (service.Spec.Mode?.Replicated?.Replicas ?? 1);
  return Array.from({ length: replicas }, (_, slot) => ({
    ID: `${service.ID}-task${slot + 1}`,
    ServiceID: service.ID,
    NodeID: "node1",
    Slot: slot + 1,
    DesiredState: "running",
    Status: { State: "running", Timestamp: new Date(sinceUpdateMs + 1).toISOString(), Message: "started" },
  }));
}

/** A task of the current spec that failed with the daemon's error text. */
export function failedTask(service: ServiceInfo, sinceUpdateMs: number, err: string, state: "failed" | "rejected" = "failed"): TaskInfo {
  return {
    ID: `${service.ID}-failed`,
    ServiceID: service.ID,
    NodeID: "node1",
    Slot: 1,
    DesiredState: "shutdown",
    Status: { State: state, Timestamp: new Date(sinceUpdateMs + 1).toISOString(), Message: "started", Err: err },
  };
}
