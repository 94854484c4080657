/**
 * The `-c` handling of `docker stack deploy` (docs/stack-deploy.md §2.1): the flag
 * is repeatable and comma-separated, `-` is standard input, and the working
 * directory is the first file's directory (the current one for stdin).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ComposeFileInput } from "../../compose/types.js";
import type { StackContext } from "./stack-context.js";

export interface ComposeFiles {
  readonly files: readonly ComposeFileInput[];
  readonly workingDir: string;
}

/** `-c a.yml,b.yml -c c.yml` → three paths (a comma can never be part of a name, as in the CLI). */
export function splitComposeFileFlags(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(",")).filter((value) => value !== "");
}

export async function readComposeFiles(paths: readonly string[], context: StackContext): Promise<ComposeFiles> {
  const files: ComposeFileInput[] = [];
  for (const file of paths) {
    if (file === "-") {
      files.push({ path: "-", text: await context.io.readStdin() });
      continue;
    }
    const absolute = path.resolve(context.cwd, file);
    try {
      files.push({ path: file, text: await readFile(absolute, "utf8") });
    } catch (error) {
      throw new Error(`open ${absolute}: ${isMissing(error) ? "no such file or directory" : String(error)}`, { cause: error });
    }
  }
  const first = paths[0];
  const workingDir = first === undefined || first === "-" ? context.cwd : path.dirname(path.resolve(context.cwd, first));
  return { files, workingDir };
}

function isMissing(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "ENOENT";
}

/** The loader's file reader: absolute paths; undefined when missing. */
export async function readOptionalFile(file: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}
