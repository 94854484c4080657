import type { DesiredState } from "../config/desired-state.js";
import type { Diagnostic } from "../errors.js";
import { INFRA_TARGET_OUTPUTS } from "../settings/infra-target-settings.js";
import { REPO_SETTINGS_FILE, type RepoSettings } from "../settings/repo-settings.js";
import { listSwarmVms } from "../config/swarm-vms.js";

/**
 * What the operator of a Phoenix process allows any config repo, even its
 * default branch, to make Phoenix do (the server-side half of the trust
 * boundary, as Atlantis' server-side repo config and Argo CD's plugin
 * allow-list). Read from the environment of `phoenix serve` and the CLI.
 */
export interface OperatorPolicy {
  /** Host patterns (`name`, `*.suffix`, `*`) `ssh` targets may connect to; undefined allows any. */
  readonly allowedHosts?: readonly string[];
  /** Directory prefixes `local` targets may write under; undefined allows any. */
  readonly allowedPaths?: readonly string[];
  /** Whether a repo's own commands (an infra target's `reload`) may run. Phoenix's built-in reloads always may. */
  readonly allowRepoCommands: boolean;
}

/** The environment variables of the policy. */
export const POLICY_ENV = {
  hosts: "PHOENIX_ALLOWED_HOSTS",
  paths: "PHOENIX_ALLOWED_PATHS",
  commands: "PHOENIX_ALLOW_REPO_COMMANDS",
} as const;

/**
 * `cli`: an operator running Phoenix on a repo they hold; everything the
 * settings say is allowed unless the environment narrows it. `serve`: the app
 * acts for whoever can merge; ssh hosts and repo commands are refused until
 * the operator lists them.
 */
export type PolicyDefaults = "cli" | "serve";

export function readOperatorPolicy(env: NodeJS.ProcessEnv, defaults: PolicyDefaults): OperatorPolicy {
  const hosts = readList(env[POLICY_ENV.hosts]);
  const paths = readList(env[POLICY_ENV.paths]);
  const commands = env[POLICY_ENV.commands];
  return {
    ...(hosts !== undefined ? { allowedHosts: hosts } : defaults === "serve" ? { allowedHosts: [] } : {}),
    ...(paths !== undefined ? { allowedPaths: paths } : {}),
    allowRepoCommands: commands === undefined ? defaults === "cli" : /^(1|true|yes)$/i.test(commands.trim()),
  };
}

/** Everything allowed: what tests and an unconfigured CLI use. */
export const OPEN_POLICY: OperatorPolicy = { allowRepoCommands: true };

/**
 * One error per infra target the policy refuses, at the target's key of the
 * settings file; with `state`, also per certificate setting and manifest
 * entry (a `post_renewal_command` is a repo command).
 */
export function checkOperatorPolicy(settings: RepoSettings, policy: OperatorPolicy, state?: DesiredState): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const output of INFRA_TARGET_OUTPUTS) {
    const target = settings.infra.targets[output];
    const refuse = (key: string, message: string, hint: string) =>
      diagnostics.push({ severity: "error", code: "TRUST_POLICY_REFUSED", stage: "plan", file: REPO_SETTINGS_FILE, path: `infra.targets.${output}.${key}`, message, hint });
    if (target.kind === "none") continue;
    if (target.reload !== undefined && !policy.allowRepoCommands)
      refuse("reload", "this Phoenix does not run commands from the config repo", `remove reload to use Phoenix's own, or have the operator set ${POLICY_ENV.commands}=true`);
    if (target.kind === "ssh" && policy.allowedHosts !== undefined && !policy.allowedHosts.some((p) => matchesHost(p, target.host)))
      refuse("host", `this Phoenix may not connect to ${JSON.stringify(target.host)}`, `the operator allows ${describeList(policy.allowedHosts)} (${POLICY_ENV.hosts})`);
    if (target.kind === "local" && policy.allowedPaths !== undefined && !policy.allowedPaths.some((p) => isUnder(target.path, p)))
      refuse("path", `this Phoenix may not write under ${JSON.stringify(target.path)}`, `the operator allows ${describeList(policy.allowedPaths)} (${POLICY_ENV.paths})`);
  }
  return [...diagnostics, ...checkCertificatePolicy(settings, policy, state), ...checkSwarmJoinPolicy(settings, policy, state)];
}

const CERTIFICATE_MANIFEST = "etc/certificate-manifest.json";

/** The certificates stage runs repo commands (renewal commands, a trust store update) and writes host paths. */
function checkCertificatePolicy(settings: RepoSettings, policy: OperatorPolicy, state: DesiredState | undefined): Diagnostic[] {
  const certificates = settings.certificates;
  if (certificates === undefined) return [];
  const diagnostics: Diagnostic[] = [];
  const refuse = (file: string, path: string, message: string, hint: string) =>
    diagnostics.push({ severity: "error", code: "TRUST_POLICY_REFUSED", stage: "plan", file, path, message, hint });
  const commandHint = (what: string) => `remove ${what}, or have the operator set ${POLICY_ENV.commands}=true`;
  if (certificates.trustStoreUpdate !== undefined && !policy.allowRepoCommands)
    refuse(REPO_SETTINGS_FILE, "certificates.trustStoreUpdate", "this Phoenix does not run commands from the config repo", commandHint("trustStoreUpdate to use update-ca-certificates"));
  const host = certificates.host;
  if (host.kind === "ssh" && policy.allowedHosts !== undefined && !policy.allowedHosts.some((p) => matchesHost(p, host.host)))
    refuse(REPO_SETTINGS_FILE, "certificates.host.host", `this Phoenix may not connect to ${JSON.stringify(host.host)}`, `the operator allows ${describeList(policy.allowedHosts)} (${POLICY_ENV.hosts})`);
  (state?.certificates ?? []).forEach((entry, i) => {
    if (entry.post_renewal_command !== undefined && entry.post_renewal_command !== "" && !policy.allowRepoCommands)
      refuse(CERTIFICATE_MANIFEST, `[${i}].post_renewal_command`, "this Phoenix does not run commands from the config repo", commandHint("post_renewal_command"));
    const onHost = entry.guest_id === undefined && host.kind === "local";
    for (const key of ["cert_path", "key_path"] as const) {
      if (onHost && policy.allowedPaths !== undefined && !policy.allowedPaths.some((p) => isUnder(entry[key], p)))
        refuse(CERTIFICATE_MANIFEST, `[${i}].${key}`, `this Phoenix may not write ${JSON.stringify(entry[key])}`, `the operator allows ${describeList(policy.allowedPaths)} (${POLICY_ENV.paths})`);
    }
  });
  return diagnostics;
}

/** `swarm.join` connects over ssh to every Swarm VM's address: each one is an ssh host the operator must allow. */
function checkSwarmJoinPolicy(settings: RepoSettings, policy: OperatorPolicy, state: DesiredState | undefined): Diagnostic[] {
  const allowed = policy.allowedHosts;
  if (!settings.swarm.join.enabled || allowed === undefined || state === undefined) return [];
  return listSwarmVms(state)
    .filter((vm) => vm.ip !== undefined && !allowed.some((p) => matchesHost(p, vm.ip as string)))
    .map((vm) => ({
      severity: "error" as const,
      code: "TRUST_POLICY_REFUSED",
      stage: "plan" as const,
      file: REPO_SETTINGS_FILE,
      path: "swarm.join.enabled",
      message: `this Phoenix may not connect to ${JSON.stringify(vm.ip)} (VM ${vm.id}, ${vm.name}) to join it to the swarm`,
      hint: `the operator allows ${describeList(allowed)} (${POLICY_ENV.hosts}); or set swarm.join.enabled to false and join the VM by hand (phoenix swarm join-plan)`,
    }));
}

function readList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function matchesHost(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === "*") return true;
  if (p.startsWith("*.")) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return p === h;
}

function isUnder(path: string, prefix: string): boolean {
  const base = prefix.replace(/\/+$/, "");
  return path === base || path.startsWith(`${base}/`) || base === "";
}

function describeList(list: readonly string[]): string {
  return list.length === 0 ? "none" : list.join(", ");
}
