import type { Diagnostic } from "../errors.js";
import type { Origin, StackVariable } from "./desired-state.js";
import type { FirewallRule } from "./schemas/firewall-rule.js";
import type { StackEnvironmentConfig } from "./schemas/stack-environment-config.js";
import type { ServiceDraft } from "./stack-draft.js";
import type { JsonDocument, JsonPath } from "./json-document.js";
import { diagnosticAtOrigin, formatOrigin, originOf } from "./origin.js";
import { isSecretName } from "./secret-names.js";

/** One environment as one file declares it. */
export interface EnvironmentSource {
  readonly doc: JsonDocument;
  /** Path of the environment object in the file. */
  readonly path: JsonPath;
  readonly value: StackEnvironmentConfig;
}

/** A `files` entry before its source is looked up in the repo. */
export interface DeclaredFile {
  readonly source: string;
  readonly target: string;
  readonly origin: Origin;
}

export interface MergedEnvironment {
  readonly name: string;
  readonly variables: readonly StackVariable[];
  readonly files: readonly DeclaredFile[];
  readonly services: ReadonlyMap<string, ServiceDraft>;
  readonly firewallRules: readonly FirewallRule[];
}

/**
 * Merges one environment of the central stacks file (`central`) with the same
 * environment of the stack's `phoenix.json` (`manifest`). Lists of named
 * things merge by name — variables by `name`, files by
 * `destination_in_container`, services by service name — and the manifest
 * wins; `firewall_rules` of the manifest replace the central ones.
 */
export function mergeEnvironment(
  name: string,
  central: EnvironmentSource | undefined,
  manifest: EnvironmentSource | undefined,
): { environment: MergedEnvironment; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const variables = new Map<string, StackVariable>();
  const files = new Map<string, DeclaredFile>();
  const services = new Map<string, ServiceDraft>();
  for (const source of [central, manifest]) {
    if (!source) continue;
    diagnostics.push(...mergeVariables(source, variables), ...mergeFiles(source, files), ...mergeServices(source, services));
  }
  const firewallRules = manifest?.value.firewall_rules ?? central?.value.firewall_rules ?? [];
  return {
    environment: {
      name,
      variables: [...variables.values()],
      files: [...files.values()],
      services,
      firewallRules,
    },
    diagnostics,
  };
}

function mergeVariables(source: EnvironmentSource, into: Map<string, StackVariable>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, Origin>();
  (source.value.variables ?? []).forEach((variable, i) => {
    const origin = originOf(source.doc, [...source.path, "variables", i, "name"]);
    const first = seen.get(variable.name);
    if (first) {
      diagnostics.push(diagnosticAtOrigin(origin, { code: "CONFIG_DUPLICATE_VARIABLE", message: `variable "${variable.name}" is already defined at ${formatOrigin(first)}` }));
      return;
    }
    seen.set(variable.name, origin);
    into.set(variable.name, { name: variable.name, value: variable.value, secret: isSecretName(variable.name) });
  });
  return diagnostics;
}

function mergeFiles(source: EnvironmentSource, into: Map<string, DeclaredFile>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, Origin>();
  (source.value.files ?? []).forEach((file, i) => {
    const origin = originOf(source.doc, [...source.path, "files", i, "source"]);
    const target = file.destination_in_container;
    const first = seen.get(target);
    if (first) {
      diagnostics.push(diagnosticAtOrigin(origin, { code: "CONFIG_DUPLICATE_FILE", message: `${target} is already the destination of the file at ${formatOrigin(first)}` }));
      return;
    }
    seen.set(target, origin);
    into.set(target, { source: file.source, target, origin });
  });
  return diagnostics;
}

function mergeServices(source: EnvironmentSource, into: Map<string, ServiceDraft>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [service, config] of Object.entries(source.value.services ?? {})) {
    const labels = config.traefik_labels;
    if (labels === undefined) continue;
    const path = [...source.path, "services", service, "traefik_labels"];
    const origin = originOf(source.doc, path);
    const earlier = into.get(service);
    if (earlier && !sameLabels(earlier.traefikLabels, labels))
      diagnostics.push(
        diagnosticAtOrigin(origin, {
          severity: "warning",
          code: "CONFIG_STACK_LABELS_DIFFER",
          message: `traefik_labels of service "${service}" differ from ${formatOrigin(earlier.origin)} (${earlier.origin.path}); the ones in ${source.doc.file} are used`,
        }),
      );
    into.set(service, { traefikLabels: labels, labelOrigins: labels.map((_, i) => originOf(source.doc, [...path, i])), origin });
  }
  return diagnostics;
}

/** Label order carries no meaning for Traefik. */
function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((label, i) => label === sorted[i]);
}
