import pMap from "p-map";
import type { Diagnostic } from "../errors.js";
import type { FileTree } from "../source/file-tree.js";
import type { StacksConfig } from "./schemas/stacks-config.js";
import type { StackEnvironmentConfig } from "./schemas/stack-environment-config.js";
import type { EnvironmentDraft, StackDraft } from "./stack-draft.js";
import type { ConfigFile } from "./read-config-file.js";
import { STACK_LOAD_CONCURRENCY } from "./load-concurrency.js";
import { discoverStacks, type StackSource } from "./discover-stacks.js";
import { mergeEnvironment, type EnvironmentSource } from "./merge-stack-environments.js";
import { resolveStackFiles } from "./resolve-stack-files.js";
import { objectKeys, type JsonDocument, type JsonPath } from "./json-document.js";
import { originOf } from "./origin.js";

/** Every stack of the repo with its environments merged from both stack files; compose is loaded later. */
export async function buildStacks(tree: FileTree, central: ConfigFile<StacksConfig> | undefined): Promise<{ drafts: StackDraft[]; diagnostics: Diagnostic[] }> {
  const { sources, diagnostics } = await discoverStacks(tree, central);
  const built = await pMap(sources, (source) => buildStack(tree, source), { concurrency: STACK_LOAD_CONCURRENCY });
  return { drafts: built.map((b) => b.draft), diagnostics: [...diagnostics, ...built.flatMap((b) => b.diagnostics)] };
}

async function buildStack(tree: FileTree, source: StackSource): Promise<{ draft: StackDraft; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const fromCentral = source.central
    ? environmentSources(source.central.doc, [...source.central.path, "environments"], source.central.value?.environments)
    : new Map<string, EnvironmentSource>();
  const fromManifest = source.manifest
    ? environmentSources(source.manifest.doc, ["environments"], source.manifest.value?.environments)
    : new Map<string, EnvironmentSource>();
  const environments = new Map<string, EnvironmentDraft>();
  for (const name of new Set([...fromManifest.keys(), ...fromCentral.keys()])) {
    const merged = mergeEnvironment(name, fromCentral.get(name), fromManifest.get(name));
    const resolved = await resolveStackFiles(tree, source.dir, merged.environment.files);
    diagnostics.push(...merged.diagnostics, ...resolved.diagnostics);
    environments.set(name, { ...merged.environment, files: resolved.files });
  }
  return {
    draft: {
      name: source.name,
      dir: source.dir,
      description: source.manifest?.value?.description ?? source.central?.value?.description,
      composeInputs: source.composeInputs,
      environments,
      origin: source.origin,
      placement: source.manifest?.value?.placement ?? "assigned",
      dependsOn: (source.manifest?.value?.depends_on ?? []).map((stack, i) => ({ stack, origin: originOf(source.manifest!.doc, ["depends_on", i]) })),
      complete: source.complete,
    },
    diagnostics,
  };
}

/** The environments a file declares, in file order. */
function environmentSources(
  doc: JsonDocument,
  path: JsonPath,
  environments: Record<string, StackEnvironmentConfig> | undefined,
): Map<string, EnvironmentSource> {
  const out = new Map<string, EnvironmentSource>();
  if (!environments) return out;
  for (const name of objectKeys(doc, path)) {
    const value = environments[name];
    if (value) out.set(name, { doc, path: [...path, name], value });
  }
  return out;
}
