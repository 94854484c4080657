/** One diagnostic as `phoenix validate` printed it: its first line and any continuation (hint, multi-line message). */
export interface PrintedDiagnostic {
  readonly severity: "error" | "warning";
  readonly file: string;
  /** Undefined when the first line carries no `:line:column`. */
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** Every line of the diagnostic, each ending in a newline. */
  readonly text: string;
}

export interface PrintedOutput {
  readonly diagnostics: readonly PrintedDiagnostic[];
  /** Lines that belong to no diagnostic and are not the summary: there should be none. */
  readonly stray: readonly string[];
  /** The closing `N errors, M warnings` line of an invalid repo. */
  readonly summary: string | undefined;
}

/** `file[:line:column] severity …`; a continuation line never starts this way. */
const HEAD = /^(\S+?)(?::(\d+):(\d+))? (error|warning)[ :]/;
const SUMMARY = /^\d+ errors?, \d+ warnings?$/;

/** Splits the stderr of `phoenix validate` into its diagnostics. */
export function parsePrintedDiagnostics(stderr: string): PrintedOutput {
  const lines = stderr.endsWith("\n") ? stderr.slice(0, -1).split("\n") : stderr === "" ? [] : stderr.split("\n");
  const last = lines[lines.length - 1];
  const summary = last !== undefined && SUMMARY.test(last) ? last : undefined;
  if (summary !== undefined) lines.pop();
  const diagnostics: { severity: "error" | "warning"; file: string; line: number | undefined; column: number | undefined; lines: string[] }[] = [];
  const stray: string[] = [];
  for (const line of lines) {
    const head = HEAD.exec(line);
    const current = diagnostics[diagnostics.length - 1];
    if (head) {
      const [, file = "", lineText, columnText, severity] = head;
      diagnostics.push({
        severity: severity === "error" ? "error" : "warning",
        file,
        line: lineText === undefined ? undefined : Number(lineText),
        column: columnText === undefined ? undefined : Number(columnText),
        lines: [line],
      });
    } else if (current) current.lines.push(line);
    else stray.push(line);
  }
  return {
    diagnostics: diagnostics.map(({ lines: text, ...rest }) => ({ ...rest, text: text.map((l) => `${l}\n`).join("") })),
    stray,
    summary,
  };
}
