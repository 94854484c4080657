/**
 * docker/cli `cli/compose/template`: `$$`, `$NAME`, `${NAME}` with the
 * modifiers `:-`, `-`, `:?`, `?` tried in that order by plain substring
 * search, defaults running to the first `}` (no nesting), and the unbraced
 * form accepting the same modifier suffix (`$A-b` is `${A-b}`).
 */

/** Looks a variable up: undefined when unset (an empty string is set). */
export type VariableLookup = (name: string) => string | undefined;

/** The CLI's `InvalidTemplateError`: its `template` is quoted in the final message. */
export interface TemplateError {
  readonly template: string;
}

export type SubstitutionResult = { readonly value: string; readonly error: undefined } | { readonly value: string; readonly error: TemplateError };

const PATTERN = /\$(?:(?<escaped>\$)|(?<named>[_a-z][_a-z0-9]*(?::?[-?][^}]*)?)|\{(?<braced>[_a-z][_a-z0-9]*(?::?[-?][^}]*)?)\}|(?<invalid>))/gi;

type Modifier = (substitution: string, lookup: VariableLookup) => { applied: boolean; value: string; error?: TemplateError };

function partition(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, ""] : [text.slice(0, index), text.slice(index + separator.length)];
}

const softDefault: Modifier = (substitution, lookup) => {
  if (!substitution.includes(":-")) return { applied: false, value: "" };
  const [name, fallback] = partition(substitution, ":-");
  const value = lookup(name);
  return { applied: true, value: value === undefined || value === "" ? fallback : value };
};

const hardDefault: Modifier = (substitution, lookup) => {
  if (!substitution.includes("-")) return { applied: false, value: "" };
  const [name, fallback] = partition(substitution, "-");
  return { applied: true, value: lookup(name) ?? fallback };
};

function requiredWith(separator: string, valid: (value: string) => boolean): Modifier {
  return (substitution, lookup) => {
    if (!substitution.includes(separator)) return { applied: false, value: "" };
    const [name, message] = partition(substitution, separator);
    const value = lookup(name);
    if (value === undefined || !valid(value)) {
      return { applied: true, value: "", error: { template: `required variable ${name} is missing a value: ${message}` } };
    }
    return { applied: true, value };
  };
}

const MODIFIERS: readonly Modifier[] = [softDefault, hardDefault, requiredWith(":?", (v) => v !== ""), requiredWith("?", () => true)];

/**
 * `template.Substitute`. Like the CLI, one shared error slot is overwritten
 * by every later match, so `"$1 $HOME"` silently yields `"1 <home>"` while
 * `"$HOME $1"` is an error.
 */
export function substituteTemplate(template: string, lookup: VariableLookup): SubstitutionResult {
  let error: TemplateError | undefined;
  const value = template.replace(PATTERN, (...args: unknown[]) => {
    const groups = args[args.length - 1] as Record<string, string | undefined>;
    if (groups.escaped) return "$";
    const substitution = groups.named || groups.braced || "";
    if (substitution === "") {
      error = { template };
      return "";
    }
    for (const modifier of MODIFIERS) {
      const result = modifier(substitution, lookup);
      error = result.error;
      if (result.error) return "";
      if (result.applied) return result.value;
    }
    return lookup(substitution) ?? "";
  });
  return error ? { value, error } : { value, error: undefined };
}
