import type { PathSegment } from "../yaml/yaml-value.js";
import { readReferencedFile, reportError, type LoadContext } from "./load-context.js";
import { parseEnvFile } from "./parse-env-file.js";
import { absPath } from "./resolve-paths.js";

/**
 * `updateEnvironment`: a variable without value or with an empty value takes
 * the CLI environment's value when that variable is set there.
 */
function updateEnvironment(target: Map<string, string | null>, vars: Iterable<[string, string | null]>, ctx: LoadContext): void {
  for (const [key, value] of vars) {
    const fromHost = ctx.lookup(key);
    target.set(key, (value === null || value === "") && fromHost !== undefined ? fromHost : value);
  }
}

/** `ConvertKVStringsToMapWithNil` over the env-file lines (later lines win). */
function linesToMap(lines: readonly string[]): Map<string, string | null> {
  const map = new Map<string, string | null>();
  for (const line of lines) {
    const index = line.indexOf("=");
    map.set(index < 0 ? line : line.slice(0, index), index < 0 ? null : line.slice(index + 1));
  }
  return map;
}

/**
 * `resolveEnvironment`: env files first (in order, resolved against the
 * working directory), then `environment` entries, both with host fill-in.
 */
export async function resolveEnvironment(
  ctx: LoadContext,
  envFiles: readonly { readonly file: string; readonly path: readonly PathSegment[] }[],
  environment: Readonly<Record<string, string | null>>,
): Promise<Record<string, string | null>> {
  const result = new Map<string, string | null>();
  const absolute = envFiles.map((entry) => absPath(ctx.workingDir, entry.file));
  const lines: string[] = [];
  for (const [index, file] of absolute.entries()) {
    const filePath = envFiles[index]?.path ?? [];
    const read = await readReferencedFile(ctx, file);
    if ("error" in read) {
      reportError(ctx, "COMPOSE_ENV_FILE", read.error, filePath);
      continue;
    }
    const parsed = parseEnvFile(read.bytes, file, ctx.lookup, ctx.compat);
    if (!parsed.ok) {
      reportError(ctx, "COMPOSE_ENV_FILE", parsed.error, filePath);
      continue;
    }
    lines.push(...parsed.value);
  }
  if (absolute.length > 0) updateEnvironment(result, linesToMap(lines), ctx);
  updateEnvironment(result, Object.entries(environment), ctx);
  return Object.fromEntries(result);
}
