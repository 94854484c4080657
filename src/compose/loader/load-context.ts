import type { Severity } from "../../errors.js";
import type { VariableLookup } from "../interpolation/substitute-template.js";
import type { ComposeCompat } from "../types.js";
import type { SourcePositions } from "../../positions/path-positions.js";
import type { PathSegment } from "../yaml/yaml-value.js";

/** A finding of the typed-loading step, positioned by path inside the file. */
export interface LoadIssue {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly path: readonly PathSegment[];
}

/** What loading one file's sections needs (docker/cli's `ConfigDetails` plus our diagnostics). */
export interface LoadContext {
  readonly file: string;
  readonly positions: SourcePositions;
  readonly compat: ComposeCompat;
  /** `configDetails.Version`: the first file's version. */
  readonly version: string;
  readonly workingDir: string;
  readonly lookup: VariableLookup;
  readonly readFile: (path: string) => Promise<Uint8Array | undefined>;
  readonly issues: LoadIssue[];
}

export function reportError(ctx: LoadContext, code: string, message: string, path: readonly PathSegment[]): void {
  ctx.issues.push({ severity: "error", code, message, path });
}

export function reportWarning(ctx: LoadContext, code: string, message: string, path: readonly PathSegment[]): void {
  ctx.issues.push({ severity: "warning", code, message, path });
}

/** A mapstructure decoding failure, wrapped the way each CLI's mapstructure prints it. */
export function reportDecodeError(ctx: LoadContext, inner: string, path: readonly PathSegment[]): void {
  const message =
    ctx.compat === "20.10"
      ? `1 error(s) decoding:\n\n* ${inner}`
      : `decoding failed due to the following error(s):\n\n${inner}`;
  reportError(ctx, "COMPOSE_DECODE", message, path);
}

/** A decode-hook (transformer) failure: `error decoding 'Name': …`. */
export function reportHookError(ctx: LoadContext, name: string, error: string, path: readonly PathSegment[]): void {
  reportDecodeError(ctx, `error decoding '${name}': ${error}`, path);
}

/** Reads a referenced file; a failing reader is reported like a missing file would be. */
export async function readReferencedFile(ctx: LoadContext, path: string): Promise<{ bytes: Uint8Array } | { error: string }> {
  try {
    const bytes = await ctx.readFile(path);
    return bytes === undefined ? { error: `open ${path}: no such file or directory` } : { bytes };
  } catch (error) {
    return { error: `open ${path}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
