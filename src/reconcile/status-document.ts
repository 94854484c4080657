/**
 * `phoenix status --json`, defined once: later additions (nodes,
 * certificates) add fields; a field that changes meaning or goes away bumps
 * `schemaVersion` (docs/status-json.md).
 */
import type { HealthState, ServiceHealth } from "../verify/assess-service-health.js";
import type { SyncRecord } from "./sync-record.js";

export const STATUS_SCHEMA_VERSION = 1;

export interface StatusDocument {
  readonly schemaVersion: typeof STATUS_SCHEMA_VERSION;
  /** One per instance shown: this instance only, or every instance with `--all`; sorted by name. */
  readonly instances: readonly InstanceStatus[];
  /** The swarm's nodes and the VMs each plays (from the `org.phoenix.vm.<vmid>` labels Phoenix put on it); sorted by host name. */
  readonly nodes: readonly NodeStatus[];
}

export interface NodeStatus {
  readonly hostname: string;
  readonly id: string;
  /** `Status.Addr`; "" when the daemon does not say. */
  readonly address: string;
  readonly role: string;
  readonly state: string;
  readonly availability: string;
  /** VM ids, in numeric order. */
  readonly vms: readonly string[];
}

export interface InstanceStatus {
  readonly instance: string;
  /** The last sync that wrote something; null when the swarm holds no record for this instance. */
  readonly lastSync: LastSync | null;
  /** Stacks with services of this instance (`org.phoenix.managed-by`), and recorded stacks that have none left; sorted. */
  readonly stacks: readonly StackStatus[];
}

export type LastSync = Pick<SyncRecord, "commit" | "result" | "startedAt" | "finishedAt">;

export interface StackStatus {
  /** The Swarm namespace. */
  readonly stack: string;
  /** `org.phoenix.source`: the stack and environment in the config. */
  readonly source: string;
  readonly services: number;
  /** The commit the stack was last synced from (the record), else the one its services' labels agree on; null when unknown. */
  readonly commit: string | null;
  /** The stack's result in the last sync that touched it; null when the record does not know the stack. */
  readonly lastResult: string | null;
  readonly health: StackHealth;
}

export interface StackHealth {
  readonly state: HealthState;
  /** Running tasks against desired ones, summed over the stack's services. */
  readonly running: number;
  readonly desired: number;
  readonly services: readonly ServiceHealth[];
}
