import type { Diagnostic } from "../../../src/errors.js";
import type { ComposeProject, ComposeService } from "../../../src/compose/compose-project.js";
import { loadCompose } from "../../../src/compose/load-compose.js";
import type { ComposeCompat, LoadComposeResult } from "../../../src/compose/types.js";

export interface LoadOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly compat?: ComposeCompat;
  /** Files readable by the loader (env files, secrets), by absolute path. */
  readonly disk?: Readonly<Record<string, string | Uint8Array>>;
  readonly workingDir?: string;
}

/** Loads compose texts named `docker-compose.yml`, `override.yml`, … in order. */
export async function loadTexts(texts: readonly string[] | string, options: LoadOptions = {}): Promise<LoadComposeResult> {
  const list = typeof texts === "string" ? [texts] : texts;
  const names = ["docker-compose.yml", "override.yml", "third.yml"];
  const files = list.map((text, index) => ({ path: names[index] ?? `file${index}.yml`, text }));
  const disk = options.disk ?? {};
  return loadCompose(files, {
    env: options.env ?? {},
    workingDir: options.workingDir ?? "/srv/app",
    compat: options.compat ?? "28.2",
    readFile: async (path) => {
      const content = disk[path];
      if (content === undefined) return undefined;
      return typeof content === "string" ? new TextEncoder().encode(content) : content;
    },
  });
}

export function errorsOf(result: LoadComposeResult): Diagnostic[] {
  return result.diagnostics.filter((d) => d.severity === "error");
}

export function warningsOf(result: LoadComposeResult): Diagnostic[] {
  return result.diagnostics.filter((d) => d.severity === "warning");
}

/** The project of a load that must succeed without errors. */
export function projectOf(result: LoadComposeResult): ComposeProject {
  const errors = errorsOf(result);
  if (errors.length > 0 || !result.project) throw new Error(`unexpected errors: ${errors.map((e) => e.message).join("; ")}`);
  return result.project;
}

export function serviceOf(result: LoadComposeResult, name = "a"): ComposeService {
  const service = projectOf(result).services.find((s) => s.name === name);
  if (!service) throw new Error(`no service ${name}`);
  return service;
}

/** The only error's message (fails when there is not exactly one). */
export function onlyError(result: LoadComposeResult): Diagnostic {
  const errors = errorsOf(result);
  if (errors.length !== 1 || !errors[0]) throw new Error(`expected one error, got: ${JSON.stringify(errors.map((e) => e.message))}`);
  return errors[0];
}

/** A minimal valid file body with one service `a` whose extra lines are indented under it. */
export function serviceYaml(lines: string, version = "3.9"): string {
  const body = lines
    .split("\n")
    .map((line) => (line === "" ? line : `    ${line}`))
    .join("\n");
  return `version: "${version}"\nservices:\n  a:\n    image: busybox\n${body}\n`;
}
