import pMap from "p-map";
import type { Diagnostic } from "../errors.js";
import type { FileTree } from "../source/file-tree.js";
import type { DesiredState, Stack, StackVariable } from "./desired-state.js";
import { formatDiagnostic, hasErrors, sortDiagnostics } from "../diagnostics.js";
import { createSecretMasker } from "../secrets/secret-masker.js";
import { readConfigFile } from "./read-config-file.js";
import { CERTIFICATES_FILE, HYPERVISOR_FILE, LXC_FILE, STACKS_FILE, VM_FILE } from "./config-files.js";
import { buildGuests } from "./build-guests.js";
import { buildStacks } from "./build-stacks.js";
import { buildAssignments } from "./build-assignments.js";
import { checkGuests } from "./check-guests.js";
import { checkReferences } from "./check-references.js";
import { buildStackGraph, checkDependsOn, checkStackCycles } from "./stack-dependencies.js";
import { deriveRoles } from "./derive-roles.js";
import { collectTraefikServices } from "./collect-traefik-services.js";
import { buildFirewallModel } from "./build-firewall-model.js";
import { collectDeclaredDnsRecords } from "./collect-declared-dns-records.js";
import { createComposeBudget, loadStackCompose, type LoadComposeFunction } from "./load-stack-compose.js";
import { finishStack } from "./finish-stack.js";
import { STACK_LOAD_CONCURRENCY } from "./load-concurrency.js";

export interface LoadDesiredStateOptions {
  /** Environment of a `docker_stacks` entry written as a plain name (default `production`). */
  readonly defaultEnvironment?: string;
  /** Loads each stack's compose files per environment; without it `StackEnvironment.compose` stays undefined. */
  readonly loadCompose?: LoadComposeFunction;
}

export interface DesiredStateLoad {
  /** Undefined when any error was found. */
  readonly state: DesiredState | undefined;
  /** Every error and warning of every file, sorted like a compiler prints them; values of secret variables masked. */
  readonly diagnostics: Diagnostic[];
  /** Every stack variable of every environment, also when the load failed: callers with more secret-name patterns mask with them. */
  readonly variables: readonly StackVariable[];
}

/**
 * The load stage: reads every config file of the repo, validates each one,
 * then checks the references between them. All problems of all files come
 * back together; the state exists only when none of them is an error.
 */
export async function loadDesiredState(tree: FileTree, options: LoadDesiredStateOptions = {}): Promise<DesiredStateLoad> {
  const defaultEnvironment = options.defaultEnvironment ?? "production";
  const [hypervisor, lxc, vm, central, certificates] = await Promise.all([
    readConfigFile(tree, HYPERVISOR_FILE.path, HYPERVISOR_FILE.schema, HYPERVISOR_FILE),
    readConfigFile(tree, LXC_FILE.path, LXC_FILE.schema, LXC_FILE),
    readConfigFile(tree, VM_FILE.path, VM_FILE.schema, VM_FILE),
    readConfigFile(tree, STACKS_FILE.path, STACKS_FILE.schema, STACKS_FILE),
    readConfigFile(tree, CERTIFICATES_FILE.path, CERTIFICATES_FILE.schema, CERTIFICATES_FILE),
  ]);
  const diagnostics: Diagnostic[] = [hypervisor, lxc, vm, central, certificates].flatMap((r) => r.diagnostics);

  const guests = buildGuests(lxc.file, vm.file);
  const stacks = await buildStacks(tree, central.file);
  const assignments = buildAssignments(vm.file, defaultEnvironment);
  diagnostics.push(...stacks.diagnostics, ...checkGuests(guests));
  diagnostics.push(
    ...checkReferences({
      guests,
      guestsComplete: lxc.file?.value !== undefined && vm.file?.value !== undefined,
      stacks: stacks.drafts,
      assignments,
      certificates: certificates.file,
    }),
  );
  const dependsOn = new Map(stacks.drafts.map((d) => [d.name, d.dependsOn]));
  diagnostics.push(...checkDependsOn(dependsOn, new Set(stacks.drafts.map((d) => d.name))));
  diagnostics.push(...checkStackCycles(buildStackGraph({ guests: guests.map((g) => g.guest), assignments, dependsOn })));
  const roles = deriveRoles(guests.map((g) => g.guest));
  const domain = hypervisor.file?.value?.domain_name ?? "";
  const traefik = collectTraefikServices({ guests, domain, stacks: stacks.drafts, assignments, defaultEnvironment });
  diagnostics.push(...roles.diagnostics, ...traefik.diagnostics);

  const firewall = hypervisor.file ? buildFirewallModel(hypervisor.file) : undefined;
  diagnostics.push(...(firewall?.diagnostics ?? []));

  const { loadCompose } = options;
  const composeBudget = createComposeBudget();
  const loaded = await pMap(stacks.drafts, async (draft) => (loadCompose ? await loadStackCompose(tree, draft, loadCompose, composeBudget) : undefined), {
    concurrency: STACK_LOAD_CONCURRENCY,
  });
  const finished: Stack[] = stacks.drafts.map((draft, index) => finishStack(draft, loaded[index]?.projects));
  diagnostics.push(...loaded.flatMap((compose) => compose?.diagnostics ?? []));

  // A compose error quotes interpolated values (`strconv.Atoi: parsing "<value>"`): never a secret one.
  const variables = stacks.drafts.flatMap((draft) => [...draft.environments.values()].flatMap((env) => env.variables));
  const masker = createSecretMasker(variables.filter((v) => v.secret).map((v) => v.value));
  const all = sortDiagnostics(dedupe(masker.maskDiagnostics(diagnostics)));
  const hypervisorConfig = hypervisor.file?.value;
  if (hasErrors(all) || !hypervisorConfig || !firewall) return { state: undefined, diagnostics: all, variables };
  const state: DesiredState = {
    source: tree.description,
    domain,
    hypervisor: hypervisorConfig,
    guests: guests.map((g) => g.guest),
    stacks: new Map(finished.map((s) => [s.name, s])),
    assignments,
    dnsRecords: collectDeclaredDnsRecords(guests),
    firewall: firewall.firewall,
    traefikServices: traefik.services,
    certificates: certificates.file?.value ?? [],
    roles: roles.roles,
    warnings: all.filter((d) => d.severity === "warning"),
  };
  return { state, diagnostics: all, variables };
}

/** A finding reached along two paths (a label merged into two environments) is reported once. */
function dedupe(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.code} ${formatDiagnostic(d)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
