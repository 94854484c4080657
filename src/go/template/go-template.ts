/**
 * The entry point of the `text/template` port: parse once with docker's
 * function map, then execute rows with it and the table header with
 * `HeaderFunctions` (docker/cli `templates.Parse`).
 */
import { executeTemplate, type ExecuteResult } from "./execute-template.js";
import type { GoValue } from "./go-value.js";
import { parseTemplate, type ParsedTemplate } from "./parse-template.js";
import { HEADER_FUNCTIONS, TEMPLATE_FUNCTION_NAMES, TEMPLATE_FUNCTIONS } from "./template-functions.js";

export type { ParsedTemplate } from "./parse-template.js";
export { TemplateError } from "./template-error.js";
export { NO_VALUE, type GoStruct, type GoValue } from "./go-value.js";

/** docker/cli `templates.Parse(format)`; throws a TemplateError worded as Go's parser words it. */
export function parseGoTemplate(source: string): ParsedTemplate {
  return parseTemplate(source, TEMPLATE_FUNCTION_NAMES);
}

export function executeGoTemplate(template: ParsedTemplate, data: GoValue): ExecuteResult {
  return executeTemplate(template, data, TEMPLATE_FUNCTIONS);
}

/** `tmpl.Funcs(templates.HeaderFunctions).Execute(buffer, header)`: json, split, join, title, lower, upper and truncate return the column name. */
export function executeGoTemplateHeader(template: ParsedTemplate, header: GoValue): ExecuteResult {
  return executeTemplate(template, header, HEADER_FUNCTIONS);
}
