/**
 * The "forms" of the compose schema, for coverage checks: every key the
 * schema names, every branch of a `oneOf` (a port as a number, a string or a
 * mapping) and every type of a key that takes several (`deploy:` as a mapping
 * or null, a label value as a string, a number or null). A form is a path such
 * as `services.*.ports[]|object.published` or `volumes.*:null`.
 * `listSchemaForms` lists what the schema allows; `collectSchemaForms` what a
 * document (interpolated, as the validator sees it) uses.
 */
import type { JsonType, SchemaNode } from "../../src/compose/schema/schema-node.js";
import { SchemaValidator } from "../../src/compose/schema/validate-schema.js";
import { isYamlList, isYamlMap, type YamlValue } from "../../src/compose/yaml/yaml-value.js";

const validator = new SchemaValidator("28.2");

function patternLabel(pattern: RegExp): string {
  return pattern.source === "^x-" ? "x-*" : "*";
}

function branchLabel(branch: SchemaNode): string {
  return (branch.types ?? ["any"]).join("/");
}

/** Every form `schema` allows, under `path`. */
export function listSchemaForms(schema: SchemaNode, path = ""): Set<string> {
  const out = new Set<string>();
  const visit = (node: SchemaNode, at: string): void => {
    out.add(at);
    for (const branch of node.oneOf ?? []) visit(branch, `${at}|${branchLabel(branch)}`);
    if ((node.types?.length ?? 0) > 1) for (const type of node.types ?? []) out.add(`${at}:${type}`);
    for (const [key, child] of node.properties ?? []) visit(child, `${at}.${key}`);
    for (const [pattern, child] of node.patternProperties ?? []) visit(child, `${at}.${patternLabel(pattern)}`);
    if (node.items) visit(node.items, `${at}[]`);
  };
  visit(schema, path);
  return out;
}

function kindOf(value: YamlValue, types: readonly JsonType[]): JsonType {
  if (value === null) return "null";
  if (typeof value === "bigint" || typeof value === "number") {
    return types.includes("integer") && Number.isInteger(Number(value)) ? "integer" : "number";
  }
  if (typeof value === "boolean") return "boolean";
  if (isYamlMap(value)) return "object";
  if (isYamlList(value)) return "array";
  return "string";
}

/** The forms `document` uses of `schema` (only meaningful for a document the schema accepts). */
export function collectSchemaForms(schema: SchemaNode, document: YamlValue, into = new Set<string>()): Set<string> {
  const visit = (node: SchemaNode, value: YamlValue, at: string): void => {
    into.add(at);
    const branch = node.oneOf?.find((candidate) => validator.validate(candidate, value).length === 0);
    if (branch) visit(branch, value, `${at}|${branchLabel(branch)}`);
    if ((node.types?.length ?? 0) > 1) into.add(`${at}:${kindOf(value, node.types ?? [])}`);
    if (isYamlMap(value)) {
      for (const [key, child] of value) {
        const property = node.properties?.get(key);
        if (property) visit(property, child, `${at}.${key}`);
        for (const [pattern, patterned] of node.patternProperties ?? []) if (pattern.test(key)) visit(patterned, child, `${at}.${patternLabel(pattern)}`);
      }
    }
    if (isYamlList(value) && node.items) for (const item of value) visit(node.items, item, `${at}[]`);
  };
  visit(schema, document, "");
  return into;
}
