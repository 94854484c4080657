import type { ComposeFileInput, ComposeProject, LoadComposeOptions, LoadComposeResult } from "../compose/types.js";
import type { Diagnostic } from "../errors.js";
import type { FileTree } from "../source/file-tree.js";
import type { StackDraft } from "./stack-draft.js";
import { formatDiagnostic } from "../diagnostics.js";
import { checkServiceSettings } from "./check-service-settings.js";

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
): Promise<{ projects: Map<string, ComposeProject | undefined>; diagnostics: Diagnostic[] }> {
  const projects = new Map<string, ComposeProject | undefined>();
  if (draft.composeInputs.length === 0) return { projects, diagnostics: [] };
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
