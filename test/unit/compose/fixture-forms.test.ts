/**
 * The redeploy property runs over our own fixtures: they must load and convert
 * with every CLI version that reads them, and together use every form the
 * compose schema allows (each key, each oneOf branch, each type of a key that
 * takes several), so no field of a stack file escapes the property.
 */
import { readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { convertStack } from "../../../src/compose/convert/convert-stack.js";
import { interpolateConfig } from "../../../src/compose/interpolation/interpolate-config.js";
import { loadCompose } from "../../../src/compose/load-compose.js";
import { composeSchema } from "../../../src/compose/schema/compose-schema.js";
import { SchemaValidator } from "../../../src/compose/schema/validate-schema.js";
import { parseComposeYamlCached } from "../../../src/compose/yaml/parse-compose-yaml-cached.js";
import { listConformanceCases } from "../../integration/conformance/conformance-cases.js";
import { listRedeployCases, type RedeployCase } from "../../helpers/redeploy-cases.js";
import { collectSchemaForms, listSchemaForms } from "../../helpers/schema-forms.js";

const NEWEST = composeSchema(13);
const cases = listRedeployCases();

function envOf(testCase: Pick<RedeployCase, "env" | "sideEnv">): Record<string, string> {
  return { ...testCase.env, ...(testCase.sideEnv === undefined ? {} : { [testCase.sideEnv]: "p" }) };
}

describe("the redeploy fixtures", () => {
  it.each(cases.flatMap((c) => c.compats.map((compat) => [c.name, compat, c] as const)))("%s loads and converts with the %s CLI", async (_name, compat, testCase) => {
    const text = await readFile(testCase.composeFile, "utf8");
    const loaded = await loadCompose([{ path: "docker-compose.yml", text }], {
      env: envOf(testCase),
      workingDir: testCase.dir,
      compat,
      readFile: async (file) => readFile(file).catch(() => undefined),
    });
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const converted = convertStack(loaded.project!, "forms", { compat });
    expect(converted.diagnostics).toEqual([]);
    expect(Object.keys(converted.spec.services).length).toBeGreaterThan(0);
  });

  it("use every key, oneOf branch and value type of the compose schema", () => {
    const used = new Set<string>();
    // A form the schema allows and the loader refuses (shm_size as a number) is in an error case of the conformance suite.
    const refusedAfterSchema = listConformanceCases().filter((c) => c.error !== undefined);
    for (const testCase of [...cases, ...refusedAfterSchema]) {
      const parsed = parseComposeYamlCached(readFileSync(testCase.composeFile, "utf8"), "28.2");
      const env = envOf(testCase);
      const interpolated = interpolateConfig(parsed.root!, (name) => env[name], "28.2");
      if (new SchemaValidator("28.2").validate(NEWEST, interpolated.root).length > 0) continue;
      collectSchemaForms(NEWEST, interpolated.root, used);
    }
    const all = listSchemaForms(NEWEST);
    expect(all.size).toBeGreaterThan(400);
    expect([...all].filter((form) => !used.has(form))).toEqual([]);
  });

  it("counts a form only where a file uses it", () => {
    const parsed = parseComposeYamlCached('services:\n  a:\n    image: x\n    ports: ["80"]\n', "28.2");
    const forms = collectSchemaForms(NEWEST, parsed.root!);
    expect(forms.has(".services.*.ports[]|string")).toBe(true);
    expect(forms.has(".services.*.ports[]|object")).toBe(false);
    expect(forms.has(".services.*.deploy")).toBe(false);
  });
});
