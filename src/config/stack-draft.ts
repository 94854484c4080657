import type { ComposeFileInput } from "../compose/types.js";
import type { Origin, StackDependency, StackFile, StackPlacement, StackVariable } from "./desired-state.js";
import type { FirewallRule } from "./schemas/firewall-rule.js";

/** A stack before its compose files are loaded. */
export interface StackDraft {
  readonly name: string;
  /** `stacks/<name>` */
  readonly dir: string;
  readonly description: string | undefined;
  /** The compose files, read once for every environment. */
  readonly composeInputs: readonly ComposeFileInput[];
  readonly environments: ReadonlyMap<string, EnvironmentDraft>;
  readonly origin: Origin;
  readonly placement: StackPlacement;
  readonly dependsOn: readonly StackDependency[];
  /** False when one of its sources failed to validate: its environments are then not known. */
  readonly complete: boolean;
}

export interface EnvironmentDraft {
  readonly name: string;
  readonly variables: readonly StackVariable[];
  readonly files: readonly StackFile[];
  readonly services: ReadonlyMap<string, ServiceDraft>;
  readonly firewallRules: readonly FirewallRule[];
}

export interface ServiceDraft {
  readonly traefikLabels: readonly string[];
  /** Where each label is written (same index). */
  readonly labelOrigins: readonly Origin[];
  /** Where `traefik_labels` is written. */
  readonly origin: Origin;
}
