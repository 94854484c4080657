import type { ComposeCompat } from "../types.js";
import { isYamlList, isYamlMap, type PathSegment, type YamlMap, type YamlValue } from "../yaml/yaml-value.js";
import { castErrorMessage, castForPath, templateErrorMessage } from "./cast-paths.js";
import type { SubstitutedValue } from "./hide-substituted-values.js";
import { substituteTemplate, type VariableLookup } from "./substitute-template.js";

export interface InterpolationIssue {
  /** An invalid template or missing required variable, or a failed cast. */
  readonly kind: "template" | "cast";
  readonly message: string;
  readonly path: readonly PathSegment[];
}

export interface InterpolatedConfig {
  readonly root: YamlMap;
  readonly issues: readonly InterpolationIssue[];
  /** The string values variables changed: later errors about them must not quote them (`hideSubstitutedValues`). */
  readonly substituted: readonly SubstitutedValue[];
}

/**
 * `interpolation.Interpolate`: every string value at any depth (keys are
 * never touched), then a cast at the listed paths, but only when the
 * substitution changed the string. The CLI stops at the first error in Go map
 * order; this collects them all. Unlike the CLI, a failed cast names the
 * template, not the value the variables gave it.
 */
export function interpolateConfig(root: YamlMap, lookup: VariableLookup, compat: ComposeCompat): InterpolatedConfig {
  const issues: InterpolationIssue[] = [];
  const substituted: SubstitutedValue[] = [];

  const visit = (value: YamlValue, path: PathSegment[], parts: string[]): YamlValue => {
    if (typeof value === "string") {
      const label = parts.join(".");
      const result = substituteTemplate(value, lookup);
      if (result.error) {
        issues.push({ kind: "template", message: templateErrorMessage(label, result.error.template), path });
        return value;
      }
      if (result.value === value) return value;
      // `$$` alone is no variable: docker's own text stays.
      const fromVariables = value.replaceAll("$$", "").includes("$");
      if (fromVariables) substituted.push({ path, template: value, value: result.value });
      const cast = castForPath(parts, compat);
      if (!cast) return result.value;
      // A value that came from variables is not quoted in the error (it may be a secret).
      const casted = cast(result.value, fromVariables ? value : undefined);
      if (!casted.ok) {
        issues.push({ kind: "cast", message: castErrorMessage(label, casted.error), path });
        return value;
      }
      return casted.value;
    }
    if (isYamlMap(value)) {
      const out: YamlMap = new Map();
      for (const [key, child] of value) out.set(key, visit(child, [...path, key], [...parts, key]));
      return out;
    }
    if (isYamlList(value)) return value.map((child, index) => visit(child, [...path, index], [...parts, "[]"]));
    return value;
  };

  const out = visit(root, [], []);
  return { root: isYamlMap(out) ? out : root, issues, substituted };
}
