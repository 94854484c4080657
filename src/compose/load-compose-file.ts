import type { Diagnostic } from "../errors.js";
import { waitForTurn } from "../event-loop-turn.js";
import type { ComposeProject } from "./compose-project.js";
import { toComposeDiagnostic, type ComposeFinding } from "./compose-diagnostic.js";
import { readComposeVersion } from "./compose-version.js";
import { interpolateConfig } from "./interpolation/interpolate-config.js";
import { hideSubstitutedValues } from "./interpolation/hide-substituted-values.js";
import type { VariableLookup } from "./interpolation/substitute-template.js";
import type { LoadContext } from "./loader/load-context.js";
import { loadSections } from "./loader/load-sections.js";
import { validateComposeSchema } from "./schema/validate-compose-schema.js";
import { FORBIDDEN_PROPERTIES, findServiceProperties, formatPropertyExplanations } from "./service-properties.js";
import type { ComposeCompat, ComposeFileInput } from "./types.js";
import { parseComposeYamlCached } from "./yaml/parse-compose-yaml-cached.js";
import type { SourcePositions } from "../positions/path-positions.js";
import { formatComposePath, type YamlMap } from "./yaml/yaml-value.js";

export interface ComposeFileSettings {
  readonly compat: ComposeCompat;
  readonly lookup: VariableLookup;
  readonly workingDir: string;
  readonly readFile: (path: string) => Promise<Uint8Array | undefined>;
  /** The first file's version; undefined while loading the first file. */
  readonly firstVersion: string | undefined;
}

export interface ComposeFileLoad {
  /** The parsed, uninterpolated document (the CLI computes its warnings from it). */
  readonly raw: YamlMap | undefined;
  readonly positions: SourcePositions | undefined;
  readonly version: string | undefined;
  /** Undefined when this file has errors. */
  readonly project: ComposeProject | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

function forbiddenFinding(root: YamlMap, positions: SourcePositions): ComposeFinding | undefined {
  const uses = findServiceProperties(root, Object.keys(FORBIDDEN_PROPERTIES), positions);
  const first = uses[0];
  if (!first) return undefined;
  const lines = formatPropertyExplanations(uses.map((use) => use.property), FORBIDDEN_PROPERTIES);
  return { severity: "error", code: "COMPOSE_FORBIDDEN", message: `Compose file contains unsupported options:\n\n${lines}\n`, path: first.path, atKey: true };
}

/**
 * One `-c` file through docker/cli's per-file pipeline (`loader.Load`):
 * version check, forbidden keys, interpolation and casts, schema validation,
 * typed loading. Like the CLI it stops at the first failing step.
 */
export async function loadComposeFile(file: ComposeFileInput, settings: ComposeFileSettings): Promise<ComposeFileLoad> {
  // Each file (once per environment) is a synchronous stretch of up to a few hundred ms: let the app answer in between.
  await waitForTurn();
  const parsed = parseComposeYamlCached(file.text, settings.compat);
  const { positions } = parsed;
  const diagnostic = (finding: ComposeFinding) => toComposeDiagnostic(file.path, positions, finding);
  const failed = (findings: readonly ComposeFinding[], raw?: YamlMap, version?: string): ComposeFileLoad => ({
    raw,
    positions,
    version,
    project: undefined,
    diagnostics: findings.map(diagnostic),
  });
  const root = parsed.root;
  if (!root || parsed.issues.length > 0) {
    const diagnostics = parsed.issues.map((issue): Diagnostic => ({
      severity: "error",
      code: "COMPOSE_YAML",
      stage: "load",
      file: file.path,
      ...(issue.position ? { line: issue.position.line, column: issue.position.column } : {}),
      ...(issue.path.length > 0 ? { path: formatComposePath(issue.path) } : {}),
      message: issue.message,
    }));
    return { raw: undefined, positions, version: undefined, project: undefined, diagnostics };
  }

  const version = readComposeVersion(root, settings.compat);
  const expected = settings.firstVersion ?? version;
  if (version !== expected) {
    const message = `version mismatched between two composefiles : ${expected} and ${version}`;
    return failed([{ severity: "error", code: "COMPOSE_VERSION", message, path: root.has("version") ? ["version"] : [] }], root, version);
  }

  const forbidden = forbiddenFinding(root, positions);
  if (forbidden) return failed([forbidden], root, version);

  const interpolated = interpolateConfig(root, settings.lookup, settings.compat);
  if (interpolated.issues.length > 0) {
    const findings = interpolated.issues.map((issue): ComposeFinding => ({
      severity: "error",
      code: issue.kind === "cast" ? "COMPOSE_CAST" : "COMPOSE_INTERPOLATION",
      message: issue.message,
      path: issue.path,
    }));
    return failed(findings, root, version);
  }

  // From here on an error may quote a value that variables gave: it names the template instead.
  const hide = <T extends ComposeFinding>(finding: T): T => ({ ...finding, message: hideSubstitutedValues(finding.message, finding.path, interpolated.substituted) });
  const schemaError = validateComposeSchema(interpolated.root, expected, settings.compat);
  if (schemaError) return failed([hide(schemaError)], root, version);

  const ctx: LoadContext = {
    file: file.path,
    positions,
    compat: settings.compat,
    version: expected,
    workingDir: settings.workingDir,
    lookup: settings.lookup,
    readFile: settings.readFile,
    issues: [],
  };
  const project = await loadSections(ctx, interpolated.root);
  const diagnostics = ctx.issues.map((issue) => diagnostic(hide(issue)));
  const hasErrors = ctx.issues.some((issue) => issue.severity === "error");
  return { raw: root, positions, version, project: hasErrors ? undefined : project, diagnostics };
}
