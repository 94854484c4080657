import type { Diagnostic } from "../errors.js";
import { loadCompose } from "../compose/load-compose.js";
import { convertStack } from "../compose/convert/convert-stack.js";
import type { ComposeFileInput, LoadComposeOptions } from "../compose/types.js";
import type { StackSpec } from "../engine/stack-spec.js";

/** The compose files and how to load them, as `docker stack deploy` does (its environment is the interpolation environment). */
export interface ComposeStackInput extends LoadComposeOptions {
  readonly files: readonly ComposeFileInput[];
}

export interface ComposeStackBuild {
  /** Load warnings and errors, as `docker stack deploy` prints them before it deploys. */
  readonly loadDiagnostics: readonly Diagnostic[];
  /** Undefined when the files do not load. */
  readonly spec: StackSpec | undefined;
  /** Errors the CLI finds only when it converts services, after it created networks, secrets and configs. */
  readonly conversionErrors: readonly Diagnostic[];
}

/**
 * The load and convert stages for compose files given on the command line
 * (`phoenix stack deploy`): the same loader and converter `phoenix sync`
 * reaches through the config repo (`buildStackSpecs`), without the repo's
 * environment injection.
 */
export async function buildComposeStack(stack: string, input: ComposeStackInput): Promise<ComposeStackBuild> {
  const { files, ...options } = input;
  const load = await loadCompose(files, options);
  if (load.project === undefined) return { loadDiagnostics: load.diagnostics, spec: undefined, conversionErrors: [] };
  const converted = convertStack(load.project, stack, input.compat === undefined ? {} : { compat: input.compat });
  return { loadDiagnostics: load.diagnostics, spec: converted.spec, conversionErrors: converted.diagnostics.filter((d) => d.severity === "error") };
}
