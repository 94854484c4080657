import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { loadConfigRepo } from "../../../src/pipeline/load-config-repo.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { renderInfraOutputs } from "../../../src/infra/render-infra-outputs.js";
import { OUTPUT_DIRECTORIES } from "../../../src/infra/write-rendered-outputs.js";
import { REFERENCE_CONFIG, hasReferenceConfig, referenceConfigSkipNote } from "../../helpers/reference-config.js";

const repoRoot = path.resolve(fileURLToPath(import.meta.url), "../../../..");
const goldenRoot = path.join(repoRoot, "test/golden/infra");
const update = process.env.UPDATE_GOLDEN === "1";

/**
 * The configs whose outputs are pinned byte for byte; UPDATE_GOLDEN=1 rewrites the files.
 * The reference config is compared only where it is checked out beside the repo.
 */
const CONFIGS = [
  { name: "reference-config", dir: REFERENCE_CONFIG, skip: !hasReferenceConfig, note: referenceConfigSkipNote },
  { name: "example-config", dir: repoRoot, skip: false, note: "" },
  { name: "large-example", dir: path.join(repoRoot, "test/fixtures/config-repos/large-example"), skip: false, note: "" },
];

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(path.join(dir, e.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

for (const { name, dir, skip, note } of CONFIGS) describe(`golden infra outputs of ${name}${note}`, () => {
  it.skipIf(skip)("match the files under test/golden/infra byte for byte", async () => {
    const load = await loadConfigRepo(createDirectoryTree(dir));
    expect(load.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
    if (load.state === undefined) throw new Error(`${name} did not load`);
    const outputs = renderInfraOutputs(load.state);
    const rendered = new Map<string, string>();
    for (const o of outputs) for (const f of o.files) rendered.set(`${OUTPUT_DIRECTORIES[o.id]}/${f.name}`, f.content);
    const warnings = outputs.flatMap((o) => o.warnings).map((w) => formatDiagnostic(w) + "\n").join("");
    rendered.set("warnings.txt", warnings);

    const goldenDir = path.join(goldenRoot, name);
    if (update) {
      await rm(goldenDir, { recursive: true, force: true });
      for (const [file, content] of rendered) {
        await mkdir(path.dirname(path.join(goldenDir, file)), { recursive: true });
        await writeFile(path.join(goldenDir, file), content);
      }
    }
    expect(await listFiles(goldenDir)).toEqual([...rendered.keys()].sort());
    for (const [file, content] of rendered) expect({ file, content }).toEqual({ file, content: await readFile(path.join(goldenDir, file), "utf8") });
  });
});
