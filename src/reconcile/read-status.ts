import { COMMIT_LABEL, MANAGED_LABEL, NAMESPACE_LABEL, SOURCE_LABEL } from "../engine/stack-labels.js";
import type { NodeInfo, ServiceInfo } from "../engine/engine-objects.js";
import { vmNodeLabel } from "../engine/node-labels.js";
import type { SwarmPort } from "../swarm/swarm-port.js";
import { assessServiceHealth, groupTasksByService, summarizeHealthState } from "../verify/assess-service-health.js";
import { STATUS_SCHEMA_VERSION, type InstanceStatus, type NodeStatus, type StackStatus, type StatusDocument } from "./status-document.js";
import type { SyncRecord } from "./sync-record.js";
import { listSyncRecords, readSyncRecord } from "./sync-record-store.js";

export interface ReadStatusOptions {
  /** The instance shown; ignored with `all`. */
  readonly instance: string;
  /** Every instance on the swarm (from service labels and sync records). */
  readonly all: boolean;
  readonly nowMs?: number;
}

/**
 * What `phoenix status` shows, read from the swarm only: Phoenix's services,
 * their tasks (one list call for all) and the sync records. Nothing is
 * inferred from the config: this is the live system's own account.
 */
export async function readStatus(port: SwarmPort, options: ReadStatusOptions): Promise<StatusDocument> {
  const [services, tasks, nodes, records] = await Promise.all([
    port.listLabelledServices(MANAGED_LABEL),
    port.listTasks({}),
    port.listNodes(),
    options.all ? listSyncRecords(port) : readSyncRecord(port, options.instance).then((r) => (r ? [r] : [])),
  ]);
  const tasksByService = groupTasksByService(tasks);
  const nowMs = options.nowMs ?? Date.now();
  const recordsByInstance = new Map(records.map((r) => [r.record.instance, r.record]));
  const servicesByInstance = new Map<string, ServiceInfo[]>();
  for (const s of services) {
    const instance = s.Spec.Labels?.[MANAGED_LABEL] ?? "";
    if (!options.all && instance !== options.instance) continue;
    servicesByInstance.set(instance, [...(servicesByInstance.get(instance) ?? []), s]);
  }
  const names = options.all ? [...new Set([...servicesByInstance.keys(), ...recordsByInstance.keys()])].sort() : [options.instance];
  const instances = names.map((instance): InstanceStatus => {
    const record = recordsByInstance.get(instance);
    const mine = servicesByInstance.get(instance) ?? [];
    return {
      instance,
      lastSync: record ? { commit: record.commit, result: record.result, startedAt: record.startedAt, finishedAt: record.finishedAt } : null,
      stacks: readStacks(mine, record, (s) => assessServiceHealth(s, tasksByService.get(s.ID) ?? [], nodes, nowMs)),
    };
  });
  const nodeRows = nodes.map(toNodeStatus).sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0));
  return { schemaVersion: STATUS_SCHEMA_VERSION, instances, nodes: nodeRows };
}

/** A node and the VMs it plays, as the placement labels Phoenix put on it say. */
function toNodeStatus(node: NodeInfo): NodeStatus {
  const prefix = vmNodeLabel("");
  const vms = Object.keys(node.Spec.Labels ?? {})
    .filter((key) => key.startsWith(prefix) && key.length > prefix.length)
    .map((key) => key.slice(prefix.length))
    .sort((a, b) => Number(a) - Number(b));
  return {
    hostname: node.Description?.Hostname ?? node.ID,
    id: node.ID,
    address: node.Status.Addr ?? "",
    role: node.Spec.Role ?? "worker",
    state: node.Status.State,
    availability: node.Spec.Availability ?? "active",
    vms,
  };
}

function readStacks(services: readonly ServiceInfo[], record: SyncRecord | undefined, assess: (s: ServiceInfo) => ReturnType<typeof assessServiceHealth>): StackStatus[] {
  const byStack = new Map<string, ServiceInfo[]>();
  for (const s of services) {
    const stack = s.Spec.Labels?.[NAMESPACE_LABEL] ?? "";
    byStack.set(stack, [...(byStack.get(stack) ?? []), s]);
  }
  // A recorded stack whose services are all gone (removed by hand, or never created) is shown too.
  for (const stack of Object.keys(record?.stacks ?? {})) if (!byStack.has(stack)) byStack.set(stack, []);
  return [...byStack]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([stack, list]) => {
      const health = list.map(assess).sort((a, b) => (a.service < b.service ? -1 : 1));
      const recorded = record?.stacks[stack];
      const labelled = new Set(list.map((s) => s.Spec.Labels?.[COMMIT_LABEL]).filter((c): c is string => c !== undefined && c !== ""));
      return {
        stack,
        source: list[0]?.Spec.Labels?.[SOURCE_LABEL] ?? "",
        services: list.length,
        commit: (recorded?.commit || undefined) ?? (labelled.size === 1 ? [...labelled][0] ?? null : null),
        lastResult: recorded?.result ?? null,
        health: {
          state: list.length === 0 && recorded !== undefined ? "degraded" : summarizeHealthState(health),
          running: health.reduce((n, h) => n + h.running, 0),
          desired: health.reduce((n, h) => n + h.desired, 0),
          services: health,
        },
      };
    });
}
