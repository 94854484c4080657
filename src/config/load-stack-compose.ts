import type { ComposeFileInput, ComposeProject, LoadComposeOptions, LoadComposeResult } from "../compose/types.js";
import type { Diagnostic } from "../errors.js";
import type { FileTree } from "../source/file-tree.js";
import type { StackDraft } from "./stack-draft.js";
import { formatDiagnostic } from "../diagnostics.js";
import { checkServiceSettings } from "./check-service-settings.js";
import { diagnosticAtOrigin } from "./origin.js";
import { parseComposeYamlCached } from "../compose/yaml/parse-compose-yaml-cached.js";
import { MAX_COMPOSE_VALUES_PER_LOAD } from "../source/read-limits.js";

/** Compose values one load may still process (see `MAX_COMPOSE_VALUES_PER_LOAD`); shared by the stacks of one load. */
export interface ComposeBudget {
  remaining: number;
}

export function createComposeBudget(): ComposeBudget {
  return { remaining: MAX_COMPOSE_VALUES_PER_LOAD };
}

/** The compose loader's signature (`src/compose/load-compose.ts`), injected so the config loader stays testable. */
export type LoadComposeFunction = (files: readonly ComposeFileInput[], options: LoadComposeOptions) => Promise<LoadComposeResult>;

/**
 * Loads a stack's compose files once per environment, with that
 * environment's variables; a stack without environments is loaded once
 * without variables, only for its diagnostics. A finding is reported once;
 * when only some environments have it, the message names them.
 */
export async function loadStackCompose(
  tree: FileTree,
  draft: StackDraft,
  loadCompose: LoadComposeFunction,
  budget: ComposeBudget = createComposeBudget(),
): Promise<{ projects: Map<string, ComposeProject | undefined>; diagnostics: Diagnostic[] }> {
  const projects = new Map<string, ComposeProject | undefined>();
  if (draft.composeInputs.length === 0) return { projects, diagnostics: [] };
  const overBudget = chargeComposeBudget(draft, budget);
  if (overBudget) return { projects, diagnostics: [overBudget] };
  const readFile = async (path: string): Promise<Uint8Array | undefined> => {
    try {
      return await tree.readBytes(path);
    } catch {
      return undefined;
    }
  };
  // An invalid stack file leaves the variables unknown: unset-variable findings would be guesses.
  const load = (env: Record<string, string>) => loadCompose(draft.composeInputs, { env, workingDir: draft.dir, readFile, preflight: draft.complete });
  if (draft.environments.size === 0) return { projects, diagnostics: [...(await load({})).diagnostics] };
  const found = new Map<string, { diagnostic: Diagnostic; environments: string[] }>();
  const settings: Diagnostic[] = [];
  for (const environment of draft.environments.values()) {
    const result = await load(Object.fromEntries(environment.variables.map((v) => [v.name, v.value])));
    projects.set(environment.name, result.project);
    if (result.project) settings.push(...checkServiceSettings(environment, result.project, draft.composeInputs[0]?.path ?? draft.dir));
    for (const diagnostic of result.diagnostics.map((d) => withVariableHint(d, draft))) {
      const key = `${diagnostic.code} ${formatDiagnostic(diagnostic)}`;
      const entry = found.get(key) ?? { diagnostic, environments: [] };
      entry.environments.push(environment.name);
      found.set(key, entry);
    }
  }
  const diagnostics = [...found.values()].map(({ diagnostic, environments }) =>
    environments.length === draft.environments.size
      ? diagnostic
      : { ...diagnostic, message: `${diagnostic.message} (environment${environments.length === 1 ? "" : "s"} ${environments.join(", ")})` },
  );
  return { projects, diagnostics: [...diagnostics, ...settings] };
}

/**
 * A compose file is processed once per environment, so a small file of many
 * aliases declared in many environments multiplies into minutes of work:
 * its values (aliases expanded) times its environments are charged before
 * any environment is loaded, and a stack that does not fit is not loaded.
 * Its parse (at most `MAX_COMPOSE_YAML_VALUES`, cached for the loads that
 * follow, in the loader's default dialect) is charged either way, so all the
 * work of one load stays within the limit plus one file. Runs before the
 * first await, so stacks are charged in their order.
 */
function chargeComposeBudget(draft: StackDraft, budget: ComposeBudget): Diagnostic | undefined {
  const refuse = (why: string) =>
    diagnosticAtOrigin(draft.origin, {
      code: "CONFIG_COMPOSE_BUDGET",
      message: `compose file of stack ${draft.name} not loaded: ${why} the config repo past its limit of ${MAX_COMPOSE_VALUES_PER_LOAD} compose values for one load`,
      hint: "a real repo stays far below; look for YAML aliases that expand to many values and stacks with many environments",
    });
  if (budget.remaining <= 0) return refuse("earlier stacks took");
  const loads = Math.max(1, draft.environments.size);
  const values = draft.composeInputs.reduce((sum, input) => sum + parseComposeYamlCached(input.text, "28.2").valueCount, 0);
  if (values * loads <= budget.remaining) {
    budget.remaining -= values * loads;
    return undefined;
  }
  budget.remaining -= values;
  return refuse(`its ${values} values (aliases expanded) in ${loads} environment${loads === 1 ? "" : "s"} take`);
}

const VARIABLE_MESSAGES: Readonly<Record<string, RegExp>> = {
  COMPOSE_INTERPOLATION: /required variable (\w+) is missing a value/,
  COMPOSE_UNSET_VARIABLE: /^The "(\w+)" variable is not set/,
};

/**
 * Compose variables come only from the environment's `variables`, never from
 * the shell: say where to set one that is missing.
 */
function withVariableHint(diagnostic: Diagnostic, draft: StackDraft): Diagnostic {
  const pattern = VARIABLE_MESSAGES[diagnostic.code];
  const name = pattern?.exec(diagnostic.message)?.[1];
  if (!name || diagnostic.hint) return diagnostic;
  return { ...diagnostic, hint: `add ${name} to the "variables" of the stack's environment in ${draft.origin.file}` };
}
