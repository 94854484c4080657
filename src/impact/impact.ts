/**
 * What a change of the config repo touches: the deployable units whose
 * desired state differs between two commits. Computed from the loaded,
 * typed states (not from text), so reformatting a file, reordering JSON
 * keys or changing a field nothing consumes touches nothing. Reasons name
 * paths, never values: they are shown in PR comments and values may be secret.
 */
import type { DesiredState } from "../config/desired-state.js";
import type { InfraOutputKind } from "../plan/plan.js";

export interface ImpactInput {
  /** Paths (relative to the repo root) that differ between the two commits. */
  readonly changedPaths: readonly string[];
  /** The state at the base commit; undefined when there is none (first deploy): everything is affected. */
  readonly before: DesiredState | undefined;
  readonly after: DesiredState;
}

export interface Impact {
  /** Sorted by name. */
  readonly stacks: readonly StackImpact[];
  /** In apply order: dns, firewall, traefik, nginx, certificates. */
  readonly infra: readonly InfraImpact[];
  /** In the order of the new state, removed guests last. */
  readonly guests: readonly GuestImpact[];
  /** `.github/phoenix.yml` changed: settings apply to every unit. */
  readonly settingsChanged: boolean;
}

export interface StackImpact {
  readonly name: string;
  readonly reasons: readonly string[];
}

export interface InfraImpact {
  readonly output: InfraOutputKind;
  readonly reasons: readonly string[];
}

export interface GuestImpact {
  /** CTID or VMID. */
  readonly id: string;
  readonly reasons: readonly string[];
}

/** At most this many changed paths are named per reason; the rest are counted. */
export const MAX_PATHS_PER_REASON = 8;

export function hasImpact(impact: Impact): boolean {
  return impact.settingsChanged || impact.stacks.length > 0 || impact.infra.length > 0 || impact.guests.length > 0;
}
