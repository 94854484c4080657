import type { DesiredState, StackVariable } from "../config/desired-state.js";
import type { Diagnostic } from "../errors.js";
import { hasErrors } from "../diagnostics.js";
import type { FileTree } from "../source/file-tree.js";
import { loadRepoSettings } from "../settings/load-repo-settings.js";
import type { RepoSettings } from "../settings/repo-settings.js";
import { checkOperatorPolicy, OPEN_POLICY, type OperatorPolicy } from "../trust/operator-policy.js";
import { checkStackHosts } from "../config/check-stack-hosts.js";
import { checkPublishedPorts } from "../plan/preflight/check-published-ports.js";
import { checkPlacementConstraints } from "../plan/preflight/check-placement-constraints.js";
import { loadConfigRepo } from "./load-config-repo.js";
import { buildStackSpecs } from "./build-stack-specs.js";
import { checkCertificateConfig } from "./certificate-stage.js";
import { planTrustBoundary, type TrustBoundary, type TrustedSource } from "./plan-trust-boundary.js";
import { locateSwarmRefusals } from "./locate-swarm-refusals.js";
import type { DesiredStack } from "./desired-stack.js";
import { createSecretNameMatcher } from "../settings/secret-patterns.js";
import type { SecretMasker } from "../secrets/secret-masker.js";
import { collectSecretValues } from "./collect-secret-values.js";

export interface ConfigCheckOptions {
  /** The tree is untrusted (a pull request's head): execution values come from this ref (docs/security.md). */
  readonly trusted?: TrustedSource;
  /** What the operator allows any repo (default: everything). */
  readonly policy?: OperatorPolicy;
  /** Learns the secret values found (variables, and values in the specs under secret-looking names). */
  readonly masker?: SecretMasker;
}

export interface ConfigCheck {
  /** The settings in effect: the tree's, with the trusted ref's execution values where there is one. */
  readonly settings: RepoSettings;
  /** Undefined when the config does not load. */
  readonly state: DesiredState | undefined;
  /** Every stack variable declared, also when the load failed (for masking secret values). */
  readonly variables: readonly StackVariable[];
  readonly boundary?: TrustBoundary;
  /** Every assigned stack converted to its Swarm objects; empty when an error stopped the check before. */
  readonly stacks: readonly DesiredStack[];
  /** Every error and warning of the settings, the config, the conversion and the checks; not masked (`masker` knows the values). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Everything `plan` checks short of reading live state: the settings, the
 * config repo with its compose files, the conversion to service specs, and
 * what the swarm would refuse only in the middle of a sync. `validate` is
 * this stage; `plan` and `sync` run it first. Reads the repo, nothing else.
 */
export async function checkConfig(tree: FileTree, options: ConfigCheckOptions = {}): Promise<ConfigCheck> {
  const settingsLoad = await loadRepoSettings(tree);
  // Plain `docker_stacks` names are in the settings' environment.
  const load = await loadConfigRepo(tree, { defaultEnvironment: settingsLoad.settings.environment });
  const diagnostics: Diagnostic[] = [...load.diagnostics, ...settingsLoad.diagnostics];
  const boundary = options.trusted ? await planTrustBoundary(options.trusted, settingsLoad.settings, load.state) : undefined;
  const settings = boundary?.settings ?? settingsLoad.settings;
  diagnostics.push(...checkOperatorPolicy(settings, options.policy ?? OPEN_POLICY, load.state));
  if (load.state) diagnostics.push(...(await checkCertificateConfig(tree, load.state, settings)));
  const variables = load.variables ?? [];
  // The trusted ref's patterns count too (the settings hold the union): a pull request cannot unmask a value.
  const isSecretName = createSecretNameMatcher(settings.secrets.variablePatterns);
  options.masker?.add(collectSecretValues({ isSecretName, variables }));
  const stop = (state: DesiredState | undefined): ConfigCheck => ({
    settings,
    state,
    variables,
    ...(boundary ? { boundary } : {}),
    stacks: [],
    diagnostics,
  });
  if (!load.state || hasErrors(diagnostics)) return stop(load.state);

  const state = load.state;
  const built = await buildStackSpecs(state, settings, tree);
  const specs = built.stacks.map((d) => d.spec);
  options.masker?.add(collectSecretValues({ isSecretName, services: specs.flatMap((s) => s.services), secrets: specs.flatMap((s) => s.secrets) }));
  diagnostics.push(...built.diagnostics, ...checkStackHosts(state, built.stacks));
  const refusals = [...checkPublishedPorts(built.stacks), ...checkPlacementConstraints(built.stacks)];
  diagnostics.push(...(await locateSwarmRefusals(tree, state, refusals)));
  if (hasErrors(diagnostics)) return stop(state);
  return { settings, state, variables, ...(boundary ? { boundary } : {}), stacks: built.stacks, diagnostics };
}
