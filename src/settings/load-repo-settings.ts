import { LineCounter } from "yaml";
import { LRUCache } from "lru-cache";
import { freezeDeep } from "../freeze-deep.js";
import type { z } from "zod";
import type { Diagnostic, Severity } from "../errors.js";
import type { FileTree } from "../source/file-tree.js";
import { formatPath, sortDiagnostics } from "../diagnostics.js";
import { describeValue, describeZodIssue } from "../config/describe-zod-issue.js";
import { findUnknownKeyEntries } from "../config/find-unknown-keys.js";
import { suggestKnownKey } from "../config/suggest-known-key.js";
import { DEFAULT_REPO_SETTINGS, REPO_SETTINGS_FILE, RepoSettings } from "./repo-settings.js";
import { locateYamlPath } from "../positions/locate-yaml-path.js";
import { yamlOffsetToPosition } from "../positions/position.js";
import { parseBoundedYamlDocument } from "../compose/yaml/parse-yaml-bounded.js";
import { MAX_SETTINGS_YAML_VALUES, SETTINGS_FILE_LIMIT } from "../source/read-limits.js";
import { readTextOrRefusal } from "../source/refused-read.js";

export interface RepoSettingsLoad {
  /** The validated settings; the defaults when the file is absent or has an error (check the diagnostics). */
  readonly settings: RepoSettings;
  /** Positioned like every config message: `.github/phoenix.yml:4:3 error wait.timeoutSeconds: …`. */
  readonly diagnostics: Diagnostic[];
}

/** The Probot convention is `.yml`; a `.yaml` file would be silently ignored, so it is reported. */
const MISNAMED_FILE = ".github/phoenix.yaml";

/** Reads `.github/phoenix.yml` from the config repo: defaults when it is absent, every problem positioned. */
export async function loadRepoSettings(tree: FileTree): Promise<RepoSettingsLoad> {
  const { text, refusal } = await readTextOrRefusal(tree, REPO_SETTINGS_FILE, SETTINGS_FILE_LIMIT);
  if (refusal) return { settings: DEFAULT_REPO_SETTINGS, diagnostics: [refusal] };
  if (text !== undefined) return parseRepoSettingsRemembered(text);
  const misnamed = (await tree.readText(MISNAMED_FILE)) !== undefined;
  const diagnostics: Diagnostic[] = misnamed
    ? [
        {
          severity: "warning",
          code: "SETTINGS_FILE_MISNAMED",
          stage: "load",
          file: MISNAMED_FILE,
          message: `ignored: Phoenix reads ${REPO_SETTINGS_FILE}, so the defaults apply`,
          hint: `rename it to ${REPO_SETTINGS_FILE}`,
        },
      ]
    : [];
  return { settings: DEFAULT_REPO_SETTINGS, diagnostics };
}

/** Parses and validates the text of a settings file (`file` names it in messages). */
export function parseRepoSettings(text: string, file: string = REPO_SETTINGS_FILE): RepoSettingsLoad {
  const lines = new LineCounter();
  // Nesting, go-yaml's alias rule and a value count are checked here: they are errors of the document.
  const doc = parseBoundedYamlDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }, MAX_SETTINGS_YAML_VALUES);
  const at = (severity: Severity, code: string, path: readonly PropertyKey[], message: string, options: { atKey?: boolean; hint?: string } = {}): Diagnostic => {
    const { line, column } = locateYamlPath(doc, lines, path, options.atKey);
    const segments = path.filter((s): s is string | number => typeof s === "string" || typeof s === "number");
    return {
      severity,
      code,
      stage: "load",
      file,
      line,
      column,
      ...(segments.length > 0 ? { path: formatPath(segments) } : {}),
      message,
      ...(options.hint ? { hint: options.hint } : {}),
    };
  };
  const yamlProblems = [...doc.errors.map((e) => ({ e, severity: "error" as const })), ...doc.warnings.map((e) => ({ e, severity: "warning" as const }))];
  const syntax = yamlProblems.map(({ e, severity }): Diagnostic => {
    const { line, column } = yamlOffsetToPosition(lines, e.pos[0]);
    return { severity, code: "SETTINGS_YAML_SYNTAX", stage: "load", file, line, column, message: e.message };
  });
  if (doc.errors.length > 0) return { settings: DEFAULT_REPO_SETTINGS, diagnostics: sortDiagnostics(syntax) };

  const value = dropEmptyValues(doc.toJS({ maxAliasCount: -1 }));
  if (value === null || value === undefined) return { settings: DEFAULT_REPO_SETTINGS, diagnostics: syntax };
  if (typeof value !== "object" || Array.isArray(value)) {
    const error = at("error", "SETTINGS_NOT_A_MAPPING", [], `must be a mapping of settings (environment:, swarm:, …), got ${describeValue(value, true)}`);
    return { settings: DEFAULT_REPO_SETTINGS, diagnostics: sortDiagnostics([...syntax, error]) };
  }

  const result = RepoSettings.safeParse(value, { error: describeZodIssue });
  const issues = result.success ? [] : result.error.issues;
  const diagnostics = [...syntax, ...issues.map((issue) => issueToDiagnostic(issue, value, at))];
  // Under a value that does not fit, the walk guesses which form was meant: its "unknown" keys would mislead.
  const invalid = issues.map((issue) => (valueAt(value, issue.path).found && issue.code !== "invalid_union" ? issue.path : issue.path.slice(0, -1)));
  const unknown = findUnknownKeyEntries(RepoSettings, value).filter(({ path }) => !invalid.some((prefix) => prefix.every((s, i) => path[i] === s)));
  for (const { path, known } of unknown) {
    const key = String(path[path.length - 1]);
    const suggestion = suggestKnownKey(key, known);
    const hint = suggestion ? `${suggestion.sameWords ? "settings keys are camelCase: " : ""}did you mean "${suggestion.key}"?` : undefined;
    diagnostics.push(
      at("warning", "SETTINGS_UNKNOWN_KEY", path, `unknown key ${JSON.stringify(key)} (kept, not used by Phoenix)`, { atKey: true, ...(hint ? { hint } : {}) }),
    );
  }
  const sorted = sortDiagnostics(diagnostics);
  return { settings: result.success ? result.data : DEFAULT_REPO_SETTINGS, diagnostics: sorted };
}

type Locate = (severity: Severity, code: string, path: readonly PropertyKey[], message: string, options?: { atKey?: boolean; hint?: string }) => Diagnostic;

function issueToDiagnostic(issue: z.core.$ZodIssue, root: unknown, at: Locate): Diagnostic {
  const path = issue.path;
  const options = (issue as { readonly options?: unknown }).options;
  if (issue.code === "invalid_union" && "discriminator" in issue && Array.isArray(options)) {
    const allowed = options.map((o) => JSON.stringify(o)).join(", ");
    const found = valueAt(root, path);
    const got = found.found ? `, got ${describeValue(found.value, true)}` : "";
    return at("error", found.found ? "SETTINGS_INVALID_VALUE" : "SETTINGS_MISSING_KEY", path, `${String(issue.discriminator)} must be one of ${allowed}${got}`);
  }
  const found = valueAt(root, path);
  if (!found.found) {
    const key = path[path.length - 1];
    // A custom check names the key itself; zod's own "required" issue does not.
    const message = issue.code === "custom" ? issue.message : `missing required key ${JSON.stringify(String(key))}`;
    return at("error", "SETTINGS_MISSING_KEY", path.slice(0, -1), message);
  }
  // A schema check can carry a hint (the ssh option allow-list) in its params.
  const hint = issue.code === "custom" ? (issue.params as { hint?: unknown } | undefined)?.hint : undefined;
  return at("error", "SETTINGS_INVALID_VALUE", path, `${issue.message}, got ${describeValue(found.value, issue.code === "invalid_type")}`, {
    ...(typeof hint === "string" ? { hint } : {}),
  });
}

/** `swarm:` with every child commented out is YAML null: a key without a value means its default. */
function dropEmptyValues(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, dropEmptyValues(v)]));
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) return { found: false, value: undefined };
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return { found: true, value: current };
}

/**
 * Settings texts parsed lately: every plan reads the settings of the planned
 * tree, its base and the trusted ref, which are almost always the same text.
 * The kept result is frozen (every caller gets the same object).
 */
const MAX_REMEMBERED_SETTINGS = 32;
const settingsByText = new LRUCache<string, RepoSettingsLoad>({ max: MAX_REMEMBERED_SETTINGS });

function parseRepoSettingsRemembered(text: string): RepoSettingsLoad {
  const kept = settingsByText.get(text);
  if (kept !== undefined) return { settings: kept.settings, diagnostics: [...kept.diagnostics] };
  const parsed = freezeDeep(parseRepoSettings(text));
  settingsByText.set(text, parsed);
  return { settings: parsed.settings, diagnostics: [...parsed.diagnostics] };
}
