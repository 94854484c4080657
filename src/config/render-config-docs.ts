import { CONFIG_FILES } from "./config-files.js";
import { toJsonSchema } from "./render-json-schemas.js";
import { describeJsonSchemaType, type JsonSchemaNode } from "./describe-json-schema-type.js";
import { CONFIG_FORMAT_RULES } from "./config-format-rules.js";

interface FieldRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
}

/** What a map key stands for, by the name of the map. */
const KEY_NAMES: Record<string, string> = {
  lxc_configs: "ctid",
  docker_stacks: "stack",
  environments: "environment",
  services: "service",
  mounts: "guest id",
  tests: "suite",
  shared_volumes: "volume",
  core_paths: "name",
  proxmox_storage_ids: "role",
};

/** `docs/config-format.md`: every file of the format, field by field, generated from the schemas. */
export function renderConfigDocs(): string {
  const lines = [
    "# Config format",
    "",
    "<!-- Generated from src/config/schemas by `npm run schemas`; do not edit. -->",
    "",
    "Phoenix reads the configuration of the bash tooling unchanged. Every file",
    "below has a JSON Schema in `schemas/` for editors (add `\"$schema\"` to a",
    "file to use it). Keys not listed here are kept and reported as warnings.",
    "",
    CONFIG_FORMAT_RULES.trim(),
    "",
  ];
  for (const spec of CONFIG_FILES) {
    const schema = toJsonSchema(spec) as JsonSchemaNode & { title?: string };
    lines.push(
      `## \`${spec.path}\``,
      "",
      `${schema.title ?? ""}. ${spec.required ? "Required" : "Optional"}; JSON Schema: \`schemas/${spec.schemaFile}\`.`,
      "",
      "| field | type | required | description |",
      "| --- | --- | --- | --- |",
      ...collectRows(schema, "").map((r) => `| \`${r.path}\` | ${escape(r.type)} | ${r.required ? "yes" : "no"} | ${escape(r.description)} |`),
      "",
    );
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function collectRows(node: JsonSchemaNode, path: string): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const option of node.anyOf ?? []) rows.push(...collectRows(option, path));
  if (node.type === "array" && node.items) rows.push(...collectRows(node.items, `${path}[]`));
  if (node.type !== "object") return rows;
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const childPath = path === "" ? key : `${path}.${key}`;
    rows.push({ path: childPath, type: describeJsonSchemaType(child), required: node.required?.includes(key) ?? false, description: child.description ?? "" });
    rows.push(...collectRows(child, childPath));
  }
  const entry = node.additionalProperties;
  if (typeof entry === "object" && Object.keys(entry).length > 0) {
    const name = path.split(".").pop()?.replace(/\[\]$/, "") ?? "";
    const entryPath = `${path}.<${KEY_NAMES[name] ?? "key"}>`;
    rows.push({ path: entryPath, type: describeJsonSchemaType(entry), required: false, description: entry.description ?? "" });
    rows.push(...collectRows(entry, entryPath));
  }
  return rows;
}

function escape(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, " ");
}
