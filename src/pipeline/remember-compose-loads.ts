/**
 * The compose loads of one long-running process, remembered. A pull
 * request's head differs from its base in a file or two, yet every plan
 * loads every stack in every environment (interpolation, schema, loader):
 * most of a 200-stack plan. A load's result depends on its inputs (the
 * compose texts, the environment's variables, the working directory, the
 * dialect and the preflight flag) and on the files it read through
 * `readFile` (env files, secret and config files): the first are the key,
 * the second are recorded with the result and read again before a hit is
 * used, so a changed env file or secret file is a miss. Results are frozen
 * when kept: the next plan gets the very same objects, and a stage that
 * tried to change one would throw rather than change another plan's input.
 */
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { ComposeFileInput, LoadComposeOptions, LoadComposeResult } from "../compose/types.js";
import type { LoadComposeFunction } from "../config/load-stack-compose.js";
import { freezeDeep } from "../freeze-deep.js";

/** Loads kept: every stack and environment of a large repo, at a few versions each. */
const MAX_REMEMBERED_LOADS = 4096;

interface RememberedLoad {
  readonly reads: readonly { readonly path: string; readonly bytes: Uint8Array | undefined }[];
  readonly result: LoadComposeResult;
}

export function rememberComposeLoads(load: LoadComposeFunction, max = MAX_REMEMBERED_LOADS): LoadComposeFunction {
  const loads = new LRUCache<string, RememberedLoad>({ max });
  return async (files, options) => {
    const key = keyOf(files, options);
    const kept = loads.get(key);
    if (kept !== undefined && (await readsStillHold(kept, options))) return kept.result;
    const reads: { path: string; bytes: Uint8Array | undefined }[] = [];
    const readFile = async (path: string) => {
      const bytes = await options.readFile(path);
      reads.push({ path, bytes });
      return bytes;
    };
    const result = await load(files, { ...options, readFile });
    loads.set(key, { reads, result: freezeDeep(result) });
    return result;
  };
}

function keyOf(files: readonly ComposeFileInput[], options: LoadComposeOptions): string {
  const hash = createHash("sha256");
  // Lengths first: no two different inputs hash the same text.
  const parts = [
    options.workingDir,
    options.compat ?? "",
    options.preflight === true ? "preflight" : "",
    JSON.stringify(Object.entries(options.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    ...files.flatMap((f) => [f.path, f.text]),
  ];
  for (const part of parts) hash.update(`${part.length}:`).update(part);
  return hash.digest("hex");
}

async function readsStillHold(kept: RememberedLoad, options: LoadComposeOptions): Promise<boolean> {
  for (const read of kept.reads) {
    const now = await options.readFile(read.path);
    if (now === undefined || read.bytes === undefined ? now !== read.bytes : !Buffer.from(now).equals(Buffer.from(read.bytes))) return false;
  }
  return true;
}
