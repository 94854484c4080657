import type { Diagnostic } from "../errors.js";
import { toComposeDiagnostic } from "./compose-diagnostic.js";
import type { ComposeSource } from "./check-service-references.js";
import type { VariableLookup } from "./interpolation/substitute-template.js";
import { isYamlList, isYamlMap, type PathSegment, type YamlValue } from "./yaml/yaml-value.js";

/** docker/cli's template pattern (`substitute-template.ts`): `$$`, `$NAME…` and `${NAME…}`. */
const REFERENCE = /\$(?:\$|([_a-z][_a-z0-9]*(?::?[-?][^}]*)?)|\{([_a-z][_a-z0-9]*(?::?[-?][^}]*)?)\})/gi;
/** A reference without `:-`, `-`, `:?` or `?`: an unset variable silently becomes "". */
const BARE_NAME = /^[_a-z][_a-z0-9]*$/i;

/**
 * `$NAME` and `${NAME}` whose variable is unset. docker stack deploy
 * substitutes an empty string without a word (docker compose warns); the
 * warning carries docker compose's wording, at the value that uses it.
 */
export function findUnsetVariables(sources: readonly ComposeSource[], lookup: VariableLookup): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { file, raw, positions } of sources) {
    if (!raw || !positions) continue;
    const visit = (value: YamlValue, path: PathSegment[]): void => {
      if (typeof value === "string") {
        for (const name of bareReferences(value)) {
          if (lookup(name) !== undefined) continue;
          diagnostics.push(
            toComposeDiagnostic(file, positions, {
              severity: "warning",
              code: "COMPOSE_UNSET_VARIABLE",
              message: `The "${name}" variable is not set. Defaulting to a blank string.`,
              path,
            }),
          );
        }
      } else if (isYamlMap(value)) {
        for (const [key, child] of value) visit(child, [...path, key]);
      } else if (isYamlList(value)) {
        value.forEach((child, index) => visit(child, [...path, index]));
      }
    };
    visit(raw, []);
  }
  return diagnostics;
}

function bareReferences(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    const substitution = match[1] ?? match[2];
    if (substitution !== undefined && BARE_NAME.test(substitution) && !names.includes(substitution)) names.push(substitution);
  }
  return names;
}
