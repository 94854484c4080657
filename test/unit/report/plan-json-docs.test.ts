import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PlanJsonDocument } from "../../../src/report/plan-json-document.js";
import { listSchemaKeys } from "../settings/list-schema-keys.js";

const docPath = path.resolve(fileURLToPath(import.meta.url), "../../../../docs/plan-json.md");

describe("docs/plan-json.md", () => {
  it("has a table row for every field of the document", async () => {
    const doc = await readFile(docPath, "utf8");
    const fields = new Set(listSchemaKeys(PlanJsonDocument).map((p) => p.split(".").pop() ?? p));
    expect([...fields].filter((f) => !doc.includes(`| \`${f}\` |`) && !doc.includes(`\`${f}\` (`))).toEqual([]);
  });

  it("shows an example the schema accepts", async () => {
    const doc = await readFile(docPath, "utf8");
    const example = /## Example\n\n```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(PlanJsonDocument.safeParse(JSON.parse(example ?? "null")).error).toBeUndefined();
  });
});
