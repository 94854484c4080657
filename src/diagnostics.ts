import type { Diagnostic } from "./errors.js";

/** `etc/phoenix_vm_configs.json:41:9 error vms[1].docker_stacks[2]: unknown stack "qdrant"` */
export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file ?? "";
  if (where && d.line !== undefined) where += `:${d.line}:${d.column ?? 1}`;
  const head = [where, d.severity, d.path ? `${d.path}:` : ""].filter((s) => s !== "").join(" ");
  // docker's own texts can span lines (forbidden options, decoding errors): indent the rest under the head line.
  const message = d.message
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => (i === 0 ? line : `    ${line.trim()}`))
    .join("\n");
  const text = d.path ? `${head} ${message}` : `${head}: ${message}`;
  return d.hint ? `${text}\n  hint: ${d.hint}` : text;
}

/** Errors first by file and position, then warnings: the order a compiler prints them. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const rank = (d: Diagnostic) => (d.severity === "error" ? 0 : 1);
  return [...list].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.file ?? "").localeCompare(b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === "error");
}

/** Renders a path like `vms[1].docker_stacks[2]` from its segments. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === "" ? s : `.${s}`;
    else out += `[${quoteForMessage(s)}]`;
  }
  return out;
}

/**
 * JSON quoting, plus `\uXXXX` for what JSON leaves raw but a terminal or a
 * pull-request comment may break or reorder a line on (DEL, C1 controls such
 * as NEL, U+2028/U+2029, bidi overrides): a quoted bad value stays on its line.
 */
export function quoteForMessage(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
