import { posix } from "node:path";
import type { ComposeProject } from "../compose/types.js";
import type { DesiredState, Stack, StackEnvironment, StackFile, StackVariable } from "../config/desired-state.js";
import { formatPath } from "../diagnostics.js";
import { findChangedSegments, toComparableValue } from "./comparable-value.js";
import { toComposeFilePath } from "./compose-file-path.js";
import { normalizeRepoPath } from "./classify-changed-paths.js";

/** One environment of a stack as a state deploys it: what `docker stack deploy` would consume. */
export interface StackDeployment {
  readonly environment: string;
  /** VMs whose `docker_stacks` list it, sorted. */
  readonly vmids: readonly string[];
  /** The environment as loaded: the compose project (or the variables when compose was not loaded), mounted files, Traefik labels. */
  readonly config: StackEnvironment | undefined;
  /** The stack's compose files, in `-c` order: where compose paths are found. */
  readonly composeFiles: readonly string[];
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
      config: env,
      composeFiles: stack?.composeFiles ?? [],
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

/** A group of changed paths and the file they are found in (undefined: the environment's entry, in phoenix.json or the central stacks config). */
export interface ChangedPaths {
  readonly file: string | undefined;
  readonly paths: readonly string[];
}

/**
 * What differs between two loaded environments of a stack, as paths spelled
 * the way the files spell them, with the files' own array indexes: compose
 * paths in the compose file's keys, the rest under `environments.<env>`.
 * Label order carries no meaning (they become a map of service labels), so a
 * reordered list is no change; a changed label is named by its index in the file.
 */
export function listChangedEnvironmentPaths(previous: StackDeployment, current: StackDeployment): ChangedPaths[] {
  const [a, b] = [previous.config, current.config];
  if (a === undefined || b === undefined) return a === b ? [] : [{ file: undefined, paths: [`environments.${current.environment}`] }];
  const prefix = ["environments", current.environment];
  const groups: ChangedPaths[] = [];
  if (a.compose !== undefined && b.compose !== undefined) {
    const changed = findChangedSegments(toComparableValue(projectCompose(a.compose)), toComparableValue(projectCompose(b.compose)));
    if (changed.length > 0) groups.push({ file: current.composeFiles.join(" + ") || "compose", paths: changed.map((s) => formatPath(toComposeFilePath(s))) });
  } else if (a.compose !== undefined || b.compose !== undefined) {
    groups.push({ file: current.composeFiles.join(" + ") || "compose", paths: ["(whole file)"] });
  }
  const own = [
    ...(a.compose === undefined || b.compose === undefined ? listChangedVariables(a.variables, b.variables, [...prefix, "variables"]) : []),
    ...[...new Set([...b.services.keys(), ...a.services.keys()])].flatMap((service) =>
      listChangedEntries(a.services.get(service)?.traefikLabels ?? [], b.services.get(service)?.traefikLabels ?? [], [...prefix, "services", service, "traefik_labels"]),
    ),
  ];
  if (own.length > 0) groups.push({ file: undefined, paths: own });
  return [...groups, ...listChangedFiles(a.files, b.files)];
}

/** Variables merge by name: a changed one is named, never its value. */
function listChangedVariables(before: readonly StackVariable[], after: readonly StackVariable[], at: readonly (string | number)[]): string[] {
  const old = new Map(before.map((v) => [v.name, v.value]));
  const now = new Map(after.map((v) => [v.name, v.value]));
  const changed = [...now].filter(([name, value]) => old.get(name) !== value).map(([name]) => name);
  const removed = [...old.keys()].filter((name) => !now.has(name)).map((name) => `${name} (removed)`);
  return [...changed, ...removed].map((name) => `${formatPath(at)}: ${name}`);
}

/** Entries of a list compared as a set: new ones by their index in the new list, gone ones by their index in the old. */
function listChangedEntries(before: readonly string[], after: readonly string[], at: readonly (string | number)[]): string[] {
  const [old, now] = [new Set(before), new Set(after)];
  const added = after.flatMap((entry, i) => (old.has(entry) ? [] : [i]));
  // An entry edited in place is one change at its index, not an addition and a removal.
  const removed = before.flatMap((entry, i) => (now.has(entry) || added.includes(i) ? [] : [i]));
  return [...added.map((i) => formatPath([...at, i])), ...removed.map((i) => `${formatPath([...at, i])} (removed)`)];
}

/** Files merge by destination: each changed entry is named where it is written (its file, its own index). */
function listChangedFiles(before: readonly StackFile[], after: readonly StackFile[]): ChangedPaths[] {
  const old = new Map(before.map((f) => [f.target, f]));
  const now = new Map(after.map((f) => [f.target, f]));
  const changed = [
    ...after.filter((f) => old.get(f.target)?.source !== f.source).map((f) => ({ origin: f.origin, path: old.has(f.target) ? "source" : undefined, removed: false, target: f.target })),
    ...before.filter((f) => !now.has(f.target)).map((f) => ({ origin: f.origin, path: undefined, removed: true, target: f.target })),
  ];
  const groups = new Map<string | undefined, string[]>();
  for (const c of changed) {
    // The origin points at the entry's `source`; the entry is its parent.
    const where = c.origin?.path.replace(/\.source$/, "") ?? `files (${c.target})`;
    const path = `${where}${c.path === undefined ? "" : `.${c.path}`}${c.removed ? " (removed)" : ""}`;
    groups.set(c.origin?.file, [...(groups.get(c.origin?.file) ?? []), path]);
  }
  return [...groups].map(([file, paths]) => ({ file, paths }));
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
