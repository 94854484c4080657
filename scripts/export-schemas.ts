import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { renderJsonSchemas } from "../src/config/render-json-schemas.js";
import { renderConfigDocs } from "../src/config/render-config-docs.js";
import { renderRepoSettingsJsonSchema } from "../src/settings/repo-settings.js";

// Writes the JSON Schemas and docs/config-format.md from src/config/schemas.
// test/unit/config/generated-files.test.ts fails when the committed copies are stale.
const root = path.resolve(import.meta.dirname, "..");
const files = [
  ...renderJsonSchemas(),
  { path: "schemas/phoenix-settings.schema.json", text: JSON.stringify(renderRepoSettingsJsonSchema(), null, 2) + "\n" },
  { path: "docs/config-format.md", text: renderConfigDocs() },
];
for (const file of files) {
  const target = path.join(root, file.path);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, file.text);
  process.stdout.write(`${file.path}\n`);
}
