import pMap from "p-map";
import { STACK_LOAD_CONCURRENCY } from "./load-concurrency.js";
import type { ComposeFileInput } from "../compose/types.js";
import type { Diagnostic } from "../errors.js";
import type { FileTree } from "../source/file-tree.js";
import type { Origin } from "./desired-state.js";
import type { StacksConfig, StacksConfigEntry } from "./schemas/stacks-config.js";
import { StackManifest } from "./schemas/stack-manifest.js";
import { StackName } from "./schemas/primitives.js";
import { readConfigFile, type ConfigFile } from "./read-config-file.js";
import { objectKeys, type JsonDocument, type JsonPath } from "./json-document.js";
import { diagnosticAtOrigin, diagnosticForFile, originOf } from "./origin.js";
import { STACKS_FILE, stackManifestPath } from "./config-files.js";
import { COMPOSE_FILE_LIMIT } from "../source/read-limits.js";
import { readTextOrRefusal, refuseLink, refusedReadDiagnostic } from "../source/refused-read.js";

/** A stack's entry in the central stacks file. */
export interface CentralStackEntry {
  readonly doc: JsonDocument;
  readonly path: JsonPath;
  /** Undefined when the central file failed to validate. */
  readonly value: StacksConfigEntry | undefined;
}

/** Everything a stack is made of, before merging. */
export interface StackSource {
  readonly name: string;
  readonly dir: string;
  readonly composeInputs: readonly ComposeFileInput[];
  readonly manifest: ConfigFile<StackManifest> | undefined;
  readonly central: CentralStackEntry | undefined;
  readonly origin: Origin;
  /** False when a source failed to validate. */
  readonly complete: boolean;
}

const COMPOSE_NAMES = ["docker-compose.yml", "docker-compose.yaml"] as const;

/**
 * Finds the stacks: a directory `stacks/<name>/` with a compose file and a
 * `phoenix.json`, an entry in the central stacks file, or both. Names are
 * processed in alphabetical order, as the bash glob did.
 */
export async function discoverStacks(tree: FileTree, central: ConfigFile<StacksConfig> | undefined): Promise<{ sources: StackSource[]; diagnostics: Diagnostic[] }> {
  const listing = await tree.listDir("stacks");
  // A symlinked stack directory could point anywhere on the host: refuse it by name rather than miss it.
  const diagnostics: Diagnostic[] = listing.filter((e) => e.type === "symlink").map((e) => refusedReadDiagnostic(refuseLink(`stacks/${e.name}`, `stacks/${e.name}`)));
  const dirs = listing.filter((e) => e.type === "dir").map((e) => e.name);
  const centralNames = central ? objectKeys(central.doc, ["docker_stacks"]) : [];
  const names = [...new Set([...dirs, ...centralNames])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const reads = await pMap(
    names,
    async (name) => {
      const hasDir = dirs.includes(name);
      return {
        name,
        hasDir,
        compose: hasDir ? await readComposeFiles(tree, `stacks/${name}`) : { inputs: [], diagnostics: [] },
        manifestRead: hasDir ? await readConfigFile(tree, stackManifestPath(name), StackManifest, { required: false }) : undefined,
      };
    },
    { concurrency: STACK_LOAD_CONCURRENCY },
  );
  const sources: StackSource[] = [];
  for (const { name, hasDir, compose, manifestRead } of reads) {
    const dir = `stacks/${name}`;
    const manifestExists = manifestRead !== undefined && (manifestRead.file !== undefined || manifestRead.diagnostics.length > 0);
    const centralEntry: CentralStackEntry | undefined =
      central && centralNames.includes(name) ? { doc: central.doc, path: ["docker_stacks", name], value: central.value?.docker_stacks[name] } : undefined;
    if (!manifestExists && !centralEntry) {
      const composePath = compose.inputs[0]?.path;
      if (composePath)
        diagnostics.push(
          diagnosticForFile(composePath, {
            severity: "warning",
            code: "CONFIG_STACK_UNDECLARED",
            message: `ignored: ${dir} has no phoenix.json and no entry in ${STACKS_FILE.path}, so it is not a stack`,
          }),
        );
      continue;
    }
    diagnostics.push(...compose.diagnostics, ...(manifestRead?.diagnostics ?? []));
    const manifest = manifestRead?.file;
    // A phoenix.json that is not JSON has no document: point at its start.
    const origin: Origin = manifest
      ? originOf(manifest.doc, [])
      : centralEntry && !manifestExists
        ? originOf(centralEntry.doc, centralEntry.path, true)
        : { file: stackManifestPath(name), path: "", line: 1, column: 1 };
    if (hasDir && !StackName.safeParse(name).success)
      diagnostics.push(diagnosticAtOrigin(origin, { code: "CONFIG_STACK_NAME", message: `directory name "${name}" is not a valid stack name: use letters, digits, '_' and '-'` }));
    // A refused compose file (symlink, size) is already reported by name.
    if (compose.inputs.length === 0 && compose.diagnostics.length === 0)
      diagnostics.push(
        diagnosticAtOrigin(origin, {
          code: "CONFIG_STACK_NO_COMPOSE",
          message: `stack "${name}" has no compose file: expected ${dir}/docker-compose.yml`,
        }),
      );
    const complete = (!manifestExists || manifest?.value !== undefined) && (!centralEntry || centralEntry.value !== undefined);
    sources.push({ name, dir, composeInputs: compose.inputs, manifest, central: centralEntry, origin, complete });
  }
  return { sources, diagnostics };
}

async function readComposeFiles(tree: FileTree, dir: string): Promise<{ inputs: ComposeFileInput[]; diagnostics: Diagnostic[] }> {
  const found: ComposeFileInput[] = [];
  const refusals: Diagnostic[] = [];
  for (const name of COMPOSE_NAMES) {
    const path = `${dir}/${name}`;
    const { text, refusal } = await readTextOrRefusal(tree, path, COMPOSE_FILE_LIMIT);
    if (refusal) refusals.push(refusal);
    if (text !== undefined) found.push({ path, text });
  }
  const [first, ...rest] = found;
  if (!first) return { inputs: [], diagnostics: refusals };
  const diagnostics = rest.map((extra) =>
    diagnosticForFile(extra.path, { severity: "warning", code: "CONFIG_STACK_EXTRA_COMPOSE", message: `ignored: ${first.path} is the stack's compose file` }),
  );
  return { inputs: [first], diagnostics: [...refusals, ...diagnostics] };
}
