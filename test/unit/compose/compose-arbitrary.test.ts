/**
 * The stack-file generator of the redeploy property only makes files that
 * Phoenix's compose loader accepts and converts, with each CLI version that
 * reads them, and it reaches the schema: every form our fixtures must cover,
 * except the keys stack deploy ignores or refuses and the objects the test
 * swarms cannot have.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertStack } from "../../../src/compose/convert/convert-stack.js";
import { interpolateConfig } from "../../../src/compose/interpolation/interpolate-config.js";
import { loadCompose } from "../../../src/compose/load-compose.js";
import { composeSchema } from "../../../src/compose/schema/compose-schema.js";
import { parseComposeYamlCached } from "../../../src/compose/yaml/parse-compose-yaml-cached.js";
import { stackFileArbitrary, type GeneratedStackFile } from "../../helpers/compose-arbitrary.js";
import { collectSchemaForms, listSchemaForms } from "../../helpers/schema-forms.js";

const NEWEST = composeSchema(13);
const DIR = "/srv/generated";

/** Forms left to the fixtures: ignored or refused keys, and objects a test swarm cannot deploy. */
const NOT_GENERATED = [
  /^\.services\.\*\.(build|cgroupns_mode|cgroup_parent|container_name|depends_on|devices|domainname|env_file|expose|external_links|ipc|links|mac_address|network_mode|pid|privileged|security_opt|shm_size|tmpfs|userns_mode|credential_spec)\b/,
  /^\.services\.\*\.networks\|object\.\*\|object\.ipv[46]_address$/,
  /^\.services\.\*\.(volumes|ports)\[\]\|object\.(consistency|bind|volume|tmpfs)?$/,
  /^\.(networks|volumes|secrets|configs)\.\*(\.|:|$)/,
  /^\.(version|x-\*)$/,
  // `deploy:` left empty means one replica: a task, which the property does not want.
  /^\.services\.\*\.deploy:null$/,
];

async function load(generated: GeneratedStackFile, compat: GeneratedStackFile["compats"][number]) {
  const files = new Map(Object.entries(generated.files).map(([name, content]) => [`${DIR}/${name}`, new TextEncoder().encode(content)]));
  return loadCompose([{ path: "docker-compose.yml", text: generated.text }], { env: {}, workingDir: DIR, compat, readFile: async (p) => files.get(p) });
}

describe("the generated stack files", () => {
  it("load and convert without error with every CLI version that reads them", async () => {
    await fc.assert(
      fc.asyncProperty(stackFileArbitrary, async (generated) => {
        for (const compat of generated.compats) {
          const loaded = await load(generated, compat);
          expect(loaded.diagnostics.filter((d) => d.severity === "error"), generated.text).toEqual([]);
          const converted = convertStack(loaded.project!, "gen", { compat });
          expect(converted.diagnostics, generated.text).toEqual([]);
        }
      }),
      { numRuns: 120 },
    );
  }, 60_000);

  it("reach every form of the schema that becomes part of a service spec", () => {
    const used = new Set<string>();
    for (const generated of fc.sample(stackFileArbitrary, { numRuns: 200, seed: 14 })) {
      const root = interpolateConfig(parseComposeYamlCached(generated.text, "28.2").root!, () => undefined, "28.2").root;
      collectSchemaForms(NEWEST, root, used);
    }
    const wanted = [...listSchemaForms(NEWEST)].filter((form) => !NOT_GENERATED.some((pattern) => pattern.test(form)));
    expect(wanted.length).toBeGreaterThan(150);
    expect(wanted.filter((form) => !used.has(form))).toEqual([]);
  }, 60_000);

  it("are compose 3.9 files for both CLI versions, or files without version for 23.0+ only", () => {
    const samples = fc.sample(stackFileArbitrary, { numRuns: 50, seed: 7 });
    expect(samples.some((s) => s.text.startsWith('version: "3.9"') && s.compats.length === 2)).toBe(true);
    expect(samples.some((s) => !s.text.includes("version:") && s.compats.join() === "28.2")).toBe(true);
  });
});
