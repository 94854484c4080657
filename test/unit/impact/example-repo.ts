import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadCompose } from "../../../src/compose/load-compose.js";
import type { DesiredState } from "../../../src/config/desired-state.js";
import { loadDesiredState } from "../../../src/config/load-desired-state.js";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { analyzeImpact } from "../../../src/impact/analyze-impact.js";
import type { Impact } from "../../../src/impact/impact.js";
import { createMemoryTree } from "../../../src/source/file-tree.js";

const repoRoot = path.resolve(fileURLToPath(import.meta.url), "../../../..");

/** The files of a config repo: path relative to the root → text. */
export type RepoFiles = Readonly<Record<string, string>>;

/** The bundled example config (`etc/` and `stacks/` of this repo), as an in-memory copy. */
export async function readExampleRepo(): Promise<RepoFiles> {
  const files: Record<string, string> = {};
  for (const dir of ["etc", "stacks"]) {
    const entries = await readdir(path.join(repoRoot, dir), { recursive: true, withFileTypes: true });
    for (const e of entries) {
      if (!e.isFile()) continue;
      const full = path.join(e.parentPath, e.name);
      files[path.relative(repoRoot, full).split(path.sep).join("/")] = await readFile(full, "utf8");
    }
  }
  return files;
}

/** A copy of `files` where the JSON file `file` is parsed, edited and written back with the original 4-space indentation. */
export function editJson(files: RepoFiles, file: string, edit: (value: JsonObject) => void): RepoFiles {
  const text = files[file];
  if (text === undefined) throw new Error(`no file ${file}`);
  const value = JSON.parse(text) as JsonObject;
  edit(value);
  return { ...files, [file]: JSON.stringify(value, null, 4) + "\n" };
}

export function editText(files: RepoFiles, file: string, edit: (text: string) => string): RepoFiles {
  const text = files[file];
  if (text === undefined) throw new Error(`no file ${file}`);
  const edited = edit(text);
  if (edited === text) throw new Error(`the edit of ${file} changed nothing`);
  return { ...files, [file]: edited };
}

/** What git would list between two trees: every path added, removed or with other content. */
export function listDifferingPaths(before: RepoFiles, after: RepoFiles): string[] {
  const paths = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...paths].filter((p) => before[p] !== after[p]).sort();
}

export async function loadState(files: RepoFiles): Promise<DesiredState> {
  const load = await loadDesiredState(createMemoryTree(files), { loadCompose });
  if (load.state === undefined) throw new Error(`config does not load:\n${load.diagnostics.map(formatDiagnostic).join("\n")}`);
  return load.state;
}

/** Loads both trees and analyses the change between them, with the paths git would report. */
export async function analyzeChange(before: RepoFiles, after: RepoFiles): Promise<Impact> {
  const changedPaths = listDifferingPaths(before, after);
  if (changedPaths.length === 0) throw new Error("the two trees are identical: the test would prove nothing");
  return analyzeImpact({ changedPaths, before: await loadState(before), after: await loadState(after) });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonObject = Record<string, any>;
