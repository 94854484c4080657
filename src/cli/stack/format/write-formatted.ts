/**
 * docker/cli `formatter.Context.Write` (cli/command/formatter/formatter.go):
 * a `table …` format prints a header row (the template run on the column
 * names with `HeaderFunctions`) and aligns the cells with a tabwriter
 * (minwidth 10, padding 3); `json` (23.0+ only) is `{{json .}}`; any other
 * format is printed once per row. Literal `\t` and `\n` in the flag value
 * become tab and newline. A template error prints nothing of the rows and is
 * worded `template parsing error: …`, as the CLI words it.
 */
import { formatTabs } from "../../../go/tabwriter.js";
import { executeGoTemplate, executeGoTemplateHeader, parseGoTemplate, TemplateError, type GoStruct, type ParsedTemplate } from "../../../go/template/go-template.js";
import type { ComposeCompat } from "../../../compose/compose-compat.js";

export const TABLE_FORMAT_KEY = "table";
export const RAW_FORMAT_KEY = "raw";
const JSON_FORMAT_KEY = "json";

export interface FormatRowsInput {
  readonly format: string;
  readonly rows: readonly GoStruct[];
  /** Column names by field (`Name` → `NAME`): what a table header shows. */
  readonly header: Readonly<Record<string, string>>;
  readonly cliVersion: ComposeCompat;
}

export type FormatRowsResult = { readonly ok: true; readonly output: string } | { readonly ok: false; readonly error: string };

export function isTableFormat(format: string): boolean {
  return format.startsWith(TABLE_FORMAT_KEY);
}

export function formatRows(input: FormatRowsInput): FormatRowsResult {
  const table = isTableFormat(input.format);
  let source = input.format;
  if (table) source = source.slice(TABLE_FORMAT_KEY.length);
  else if (source === JSON_FORMAT_KEY && input.cliVersion !== "20.10") source = "{{json .}}";
  source = source.replace(/^ +| +$/g, "").replace(/\\t/g, "\t").replace(/\\n/g, "\n");

  let template: ParsedTemplate;
  try {
    template = parseGoTemplate(source);
  } catch (error) {
    if (error instanceof TemplateError) return { ok: false, error: `template parsing error: ${error.message}` };
    throw error;
  }
  let body = "";
  for (const row of input.rows) {
    const result = executeGoTemplate(template, row);
    if (result.error !== undefined) return { ok: false, error: `template parsing error: ${result.error.message}` };
    body += `${result.output}\n`;
  }
  if (!table) return { ok: true, output: body };
  // The header's own errors are ignored by the CLI: what was written before the error is the header.
  const header = executeGoTemplateHeader(template, { ...input.header });
  return { ok: true, output: formatTabs(`${header.output}\n${body}`, { minWidth: 10, padding: 3 }) };
}
