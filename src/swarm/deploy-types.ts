/**
 * Options, events and results of `deployStack`. Results are plain data: the
 * report stage renders them; nothing here formats for a terminal except the
 * CLI-compatible `message` of an event.
 */
import type { Logger } from "../logger.js";
import type { SpecChange } from "../plan/spec-diff/spec-change.js";
import type { WriteCallCounts } from "./counting-swarm-port.js";

/** `docker stack deploy --resolve-image` (docs/stack-deploy.md §5.5). */
export type ResolveImageMode = "always" | "changed" | "never";

/** After a failed service: roll back every service this run changed, only the failed one, or nothing. */
export type RollbackScope = "stack" | "service" | "none";

export interface DeployOptions {
  /** `--prune`: remove services of the stack that the spec no longer has. */
  readonly prune: boolean;
  readonly resolveImage: ResolveImageMode;
  /** Return after the writes, without waiting for convergence (and so without rollback). */
  readonly detach: boolean;
  /** Behave exactly like `docker stack deploy`: in-place secret/config updates, an update for every service. */
  readonly compat: boolean;
  /** How long to wait for each changed service to converge. */
  readonly waitTimeoutMs: number;
  readonly logger: Logger;
  readonly onEvent?: (event: DeployEvent) => void;
  /** Default: "stack" in Phoenix mode, "none" with `compat` (the CLI never rolls back). */
  readonly rollback?: RollbackScope;
  /**
   * How long tasks must stay running before a service counts as converged;
   * default: the service's `UpdateConfig.Monitor`, else 5 s (the CLI's verify window).
   */
  readonly monitorMs?: number;
  /** Task polling interval while waiting (default 250 ms). */
  readonly pollIntervalMs?: number;
  /** `X-Registry-Auth` for service writes and registry lookups (`--with-registry-auth`). */
  readonly registryAuth?: string;
  /** Masks the run's secret values in what a failing task printed (its log lines are reported). */
  readonly maskText?: (text: string) => string;
}

export type DeployEventType =
  | "service.remove"
  | "network.create"
  | "network.remove"
  | "secret.create"
  | "secret.update"
  | "secret.rotate"
  | "secret.remove"
  | "config.create"
  | "config.update"
  | "config.rotate"
  | "config.remove"
  | "service.create"
  | "service.update"
  | "service.unchanged"
  | "service.converged"
  | "service.failed"
  | "service.rollback"
  /** A rollback is over: completed (with the swarm's state), the new service removed, or failed. */
  | "service.rolled-back"
  | "warning";

export interface DeployEvent {
  readonly type: DeployEventType;
  readonly name?: string;
  readonly id?: string;
  /** The line the CLI prints for this step (`Creating service app_web`), or Phoenix's own line. */
  readonly message: string;
  readonly stream: "stdout" | "stderr";
  /** `service.failed`: the failing task's last output lines (bounded, secrets masked). */
  readonly lines?: readonly string[];
}

export type ObjectKind = "service" | "network" | "secret" | "config";

export type ObjectAction = "create" | "update" | "rotate" | "remove" | "unchanged";

export interface DeployedObject {
  readonly kind: ObjectKind;
  /** Full Swarm name; for a rotated secret/config, the new object's name. */
  readonly name: string;
  readonly id?: string;
  readonly action: ObjectAction;
  readonly changes: readonly SpecChange[];
  /** Secrets/configs: the logical (compose) name the object stands for. */
  readonly logicalName?: string;
}

export type ServiceOutcome = "converged" | "rolled-back" | "removed" | "rollback-failed" | "failed" | "not-verified";

export interface ServiceVerification {
  readonly service: string;
  readonly id: string;
  readonly outcome: ServiceOutcome;
  /** Why the service failed, in words from the task status (`No such image: app:9`). */
  readonly reason?: string;
  /** Set when this service was rolled back because another one failed. */
  readonly causedBy?: string;
  /** A rollback Phoenix saw complete: the swarm's update state (`rollback_completed`) and the restored spec's tasks. */
  readonly rollback?: { readonly state: string; readonly running: number; readonly desired: number };
  /** The failing task's last output lines (at most 20 of 200 characters, secrets masked). */
  readonly logs?: readonly string[];
}

export type DeployOutcome = "unchanged" | "applied" | "rolled-back" | "failed";

export interface DeployResult {
  readonly stack: string;
  readonly outcome: DeployOutcome;
  readonly objects: readonly DeployedObject[];
  readonly verifications: readonly ServiceVerification[];
  readonly warnings: readonly string[];
  readonly writeCalls: WriteCallCounts;
  readonly durationMs: number;
  /** The error that stopped the deploy midway (a rejected write), with its stable code. */
  readonly error?: { readonly code: string; readonly message: string };
}
