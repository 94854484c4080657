import { posix } from "node:path";
import type { ComposeProject } from "../compose/types.js";
import type { DesiredState, Stack, StackEnvironment, StackFile } from "../config/desired-state.js";
import { toComparableValue, type ComparableValue } from "./comparable-value.js";
import { normalizeRepoPath } from "./classify-changed-paths.js";

/** One environment of a stack as a state deploys it: what `docker stack deploy` would consume. */
export interface StackDeployment {
  readonly environment: string;
  /** VMs whose `docker_stacks` list it, sorted. */
  readonly vmids: readonly string[];
  /** The consumed values, comparable: the compose project (or the variables when compose was not loaded), mounted files, Traefik labels. */
  readonly content: ComparableValue;
  /** Files mounted from the repo: their contents are not in the state, so a changed path is the signal. */
  readonly files: readonly StackFile[];
}

/**
 * The compose keys `docker stack deploy` ignores (docker/cli `convert`
 * reads none of them): changing one changes no Swarm object.
 */
const IGNORED_PROJECT_KEYS = ["version", "extras", "workingDir"] as const;
const IGNORED_SERVICE_KEYS = ["build", "containerName", "expose", "extras"] as const;

/** The environments of `name` that some VM deploys, in assignment order. */
export function listStackDeployments(state: DesiredState, name: string): StackDeployment[] {
  const stack = state.stacks.get(name);
  const vmids = new Map<string, string[]>();
  for (const a of state.assignments) if (a.stack === name) vmids.set(a.environment, [...(vmids.get(a.environment) ?? []), a.vmid]);
  return [...vmids].map(([environment, ids]) => {
    const env = stack?.environments.get(environment);
    return {
      environment,
      vmids: [...new Set(ids)].sort(),
      content: env === undefined ? null : describeEnvironment(env),
      files: env?.files ?? [],
    };
  });
}

/** Every repo path a stack reads: its directory, compose files, mounted files, compose env/config/secret files. */
export function listStackPaths(stack: Stack): string[] {
  const paths = new Set<string>([stack.dir, ...stack.composeFiles].map(normalizeRepoPath));
  for (const env of stack.environments.values()) {
    for (const file of env.files) if (file.repoPath !== undefined) paths.add(normalizeRepoPath(file.repoPath));
    if (env.compose) for (const p of composeFilePaths(env.compose)) paths.add(p);
  }
  return [...paths];
}

function describeEnvironment(env: StackEnvironment): ComparableValue {
  return toComparableValue({
    ...(env.compose ? { compose: projectCompose(env.compose) } : { variables: Object.fromEntries(env.variables.map((v) => [v.name, v.value])) }),
    files: env.files.map((f) => ({ path: f.repoPath ?? f.source, target: f.target })),
    // Label order carries no meaning: they become a map of service labels.
    traefikLabels: Object.fromEntries([...env.services].map(([service, s]) => [service, [...s.traefikLabels].sort()])),
  });
}

function projectCompose(project: ComposeProject): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...project };
  for (const key of IGNORED_PROJECT_KEYS) delete rest[key];
  rest.services = Object.fromEntries(
    project.services.map((service) => {
      const kept: Record<string, unknown> = { ...service };
      for (const key of IGNORED_SERVICE_KEYS) delete kept[key];
      return [service.name, kept];
    }),
  );
  return rest;
}

function composeFilePaths(project: ComposeProject): string[] {
  const inRepo = (p: string) => normalizeRepoPath(posix.isAbsolute(p) ? p : posix.join(project.workingDir, p));
  const objects = [...Object.values(project.configs), ...Object.values(project.secrets)].filter((o) => o.file !== "").map((o) => inRepo(o.file));
  const envFiles = project.services.flatMap((s) => s.envFile.map(inRepo));
  return [...objects, ...envFiles];
}
