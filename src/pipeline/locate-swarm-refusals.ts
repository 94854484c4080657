import type { DesiredState } from "../config/desired-state.js";
import type { Diagnostic } from "../errors.js";
import type { FileTree } from "../source/file-tree.js";
import { parseComposeYamlCached } from "../compose/yaml/parse-compose-yaml-cached.js";
import { formatComposePath, isYamlList, isYamlMap, type PathSegment, type YamlValue } from "../compose/yaml/yaml-value.js";
import type { SwarmRefusal } from "../plan/preflight/swarm-refusal.js";

/**
 * Each refusal at the compose entry that causes it: the first of the stack's
 * compose files whose list has a matching item, else the first that has the
 * list (an interpolated value), else the service, else the stack's first file.
 */
export async function locateSwarmRefusals(tree: FileTree, state: DesiredState, refusals: readonly SwarmRefusal[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const refusal of refusals) {
    const files = state.stacks.get(refusal.stack)?.composeFiles ?? [];
    const parsed: { file: string; root: ReturnType<typeof parseComposeYamlCached> }[] = [];
    for (const file of files) {
      const text = await tree.readText(file);
      if (text !== undefined) parsed.push({ file, root: parseComposeYamlCached(text, "28.2") });
    }
    const listPath: PathSegment[] = ["services", refusal.service, ...refusal.list];
    const candidates = parsed.flatMap(({ file, root }) => {
      const list = valueAt(root.root, listPath);
      const index = isYamlList(list) ? list.findIndex((item) => refusal.matches(toPlain(item))) : -1;
      return list === undefined ? [] : [{ file, root, path: index >= 0 ? [...listPath, index] : listPath, exact: index >= 0 }];
    });
    const best = candidates.find((c) => c.exact) ?? candidates[0];
    const service = parsed.find((p) => valueAt(p.root.root, ["services", refusal.service]) !== undefined);
    const where = best ?? (service ? { file: service.file, root: service.root, path: ["services", refusal.service] } : undefined);
    const position = where?.root.positions.value(where.path);
    out.push({
      severity: refusal.severity,
      code: refusal.code,
      stage: "plan",
      file: where?.file ?? files[0] ?? `stacks/${refusal.stack}`,
      ...(position ? { line: position.line, column: position.column } : {}),
      ...(where ? { path: formatComposePath(where.path) } : {}),
      message: refusal.message,
      ...(refusal.hint ? { hint: refusal.hint } : {}),
    });
  }
  return out;
}

/**
 * A conversion error (`service web: replicas can only be used with
 * replicated mode`) at the service's key in the first compose file that
 * defines it; the error as it is when it names no service or none is found.
 */
export async function locateConversionError(tree: FileTree, files: readonly string[], diagnostic: Diagnostic): Promise<Diagnostic> {
  const service = /^service (\S+): /.exec(diagnostic.message)?.[1];
  if (service === undefined || diagnostic.line !== undefined) return diagnostic;
  for (const file of files) {
    const text = await tree.readText(file);
    if (text === undefined) continue;
    const parsed = parseComposeYamlCached(text, "28.2");
    if (valueAt(parsed.root, ["services", service]) === undefined) continue;
    const position = parsed.positions.key(["services", service]);
    return { ...diagnostic, file, ...(position ? { line: position.line, column: position.column } : {}), path: formatComposePath(["services", service]) };
  }
  return diagnostic;
}

function valueAt(root: YamlValue | undefined, path: readonly PathSegment[]): YamlValue | undefined {
  let current = root;
  for (const segment of path) {
    if (typeof segment === "number") current = isYamlList(current) ? current[segment] : undefined;
    else current = isYamlMap(current) ? current.get(segment) : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/** A list item as plain JS: mappings as objects, Go integers as numbers. */
function toPlain(value: YamlValue): unknown {
  if (typeof value === "bigint") return Number(value);
  if (isYamlMap(value)) return Object.fromEntries([...value].map(([k, v]) => [k, toPlain(v)]));
  return value;
}
