import type { Diagnostic } from "../../errors.js";

/** A check-run annotation, as `POST /repos/{owner}/{repo}/check-runs` takes it. */
export interface CheckAnnotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly start_column?: number;
  readonly end_column?: number;
  readonly annotation_level: "notice" | "warning" | "failure";
  readonly title: string;
  readonly message: string;
}

/** One annotation per positioned diagnostic, at its file:line (line 1 when the file as a whole is at fault). */
export function buildAnnotations(diagnostics: readonly Diagnostic[]): CheckAnnotation[] {
  return diagnostics.flatMap((d): CheckAnnotation[] => {
    if (d.file === undefined) return [];
    const line = d.line ?? 1;
    return [
      {
        path: d.file,
        start_line: line,
        end_line: line,
        // GitHub accepts columns only on single-line annotations.
        ...(d.column === undefined ? {} : { start_column: d.column, end_column: d.column }),
        annotation_level: d.severity === "error" ? "failure" : "warning",
        title: d.path === undefined ? d.code : `${d.code} at ${d.path}`,
        message: d.hint === undefined ? d.message : `${d.message}\nHint: ${d.hint}`,
      },
    ];
  });
}
