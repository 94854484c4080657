/**
 * Engine API (1.41) JSON shapes of the live Swarm objects the deploy engine
 * reads: only the fields it uses, spelled as the daemon returns them.
 */
import type { ServiceSpec, StringMap, TaskTemplate } from "./engine-service-spec.js";

export interface ObjectVersion {
  readonly Index: number;
}

export type UpdateState = "updating" | "paused" | "completed" | "rollback_started" | "rollback_paused" | "rollback_completed";

export interface ServiceInfo {
  readonly ID: string;
  readonly Version: ObjectVersion;
  readonly CreatedAt?: string;
  readonly UpdatedAt?: string;
  readonly Spec: ServiceSpec;
  /** The spec before the last update; what `rollback=previous` restores. */
  readonly PreviousSpec?: ServiceSpec;
  readonly UpdateStatus?: {
    readonly State?: UpdateState;
    readonly StartedAt?: string;
    readonly CompletedAt?: string;
    readonly Message?: string;
  };
}

export type TaskState =
  | "new"
  | "allocated"
  | "pending"
  | "assigned"
  | "accepted"
  | "preparing"
  | "ready"
  | "starting"
  | "running"
  | "complete"
  | "shutdown"
  | "failed"
  | "rejected"
  | "remove"
  | "orphaned";

export interface TaskInfo {
  readonly ID: string;
  readonly ServiceID: string;
  readonly NodeID?: string;
  readonly Slot?: number;
  readonly DesiredState: TaskState;
  readonly CreatedAt?: string;
  readonly Spec?: TaskTemplate;
  readonly Status: {
    readonly Timestamp?: string;
    readonly State: TaskState;
    readonly Message?: string;
    /** The daemon's reason for a failed or rejected task, e.g. `No such image: app:9`. */
    readonly Err?: string;
    readonly ContainerStatus?: { readonly ContainerID?: string; readonly PID?: number; readonly ExitCode?: number };
  };
}

export type NodeRole = "manager" | "worker";
export type NodeAvailability = "active" | "pause" | "drain";

/** What `POST /nodes/{id}/update` takes: the whole spec, labels included (a missing key removes the label). */
export interface NodeSpec {
  readonly Name?: string;
  readonly Labels?: StringMap;
  readonly Role?: NodeRole;
  readonly Availability?: NodeAvailability;
}

export interface NodeInfo {
  readonly ID: string;
  /** Absent only in hand-made test values; the daemon always returns it. */
  readonly Version?: ObjectVersion;
  readonly Spec: NodeSpec;
  readonly Description?: { readonly Hostname?: string };
  readonly Status: { readonly State: "unknown" | "down" | "ready" | "disconnected"; readonly Addr?: string };
  /** Present on managers: `Reachability` and whether it leads the raft. */
  readonly ManagerStatus?: { readonly Leader?: boolean; readonly Reachability?: "unknown" | "unreachable" | "reachable"; readonly Addr?: string };
}

export interface NetworkInfo {
  readonly Id: string;
  readonly Name: string;
  readonly Driver: string;
  /** `swarm` for overlay networks usable by services, `local` otherwise. */
  readonly Scope: string;
  readonly Internal?: boolean;
  readonly Attachable?: boolean;
  readonly Ingress?: boolean;
  readonly EnableIPv6?: boolean;
  readonly IPAM?: {
    readonly Driver?: string;
    readonly Options?: StringMap | null;
    readonly Config?: readonly { readonly Subnet?: string; readonly Gateway?: string; readonly IPRange?: string }[] | null;
  };
  readonly Options?: StringMap | null;
  readonly Labels?: StringMap | null;
}

export interface SecretInfo {
  readonly ID: string;
  readonly Version: ObjectVersion;
  readonly CreatedAt?: string;
  /** The daemon never returns a secret's `Data`. */
  readonly Spec: {
    readonly Name: string;
    readonly Labels?: StringMap;
    readonly Driver?: { readonly Name: string; readonly Options?: StringMap };
    readonly Templating?: { readonly Name: string; readonly Options?: StringMap };
  };
}

export interface ConfigInfo {
  readonly ID: string;
  readonly Version: ObjectVersion;
  readonly CreatedAt?: string;
  readonly Spec: {
    readonly Name: string;
    readonly Labels?: StringMap;
    /** Base64 of the content. */
    readonly Data?: string;
    readonly Templating?: { readonly Name: string; readonly Options?: StringMap };
  };
}

/** What `GET /distribution/{image}/json` says about an image in its registry. */
export interface DistributionInfo {
  readonly Descriptor: { readonly digest: string; readonly mediaType?: string; readonly size?: number };
  readonly Platforms?: readonly { readonly architecture: string; readonly os: string; readonly variant?: string }[];
}

/** The part of `GET /info` the deploy engine needs. */
export interface SwarmNodeState {
  /** `Swarm.ControlAvailable`: this node is a manager and may change services. */
  readonly isManager: boolean;
  readonly nodeId: string;
  /** `Swarm.LocalNodeState`, e.g. `active` or `inactive`. */
  readonly localNodeState: string;
}

/** A container's health as the local engine reports it (`State.Health`). */
export interface ContainerHealth {
  readonly status: string;
  readonly failingStreak: number;
  /** Output of the most recent health probes, oldest first. */
  readonly log: readonly { readonly exitCode: number; readonly output: string }[];
}
