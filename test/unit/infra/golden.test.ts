import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { loadConfigRepo } from "../../../src/pipeline/load-config-repo.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { renderInfraOutputs } from "../../../src/infra/render-infra-outputs.js";
import { OUTPUT_DIRECTORIES } from "../../../src/infra/write-rendered-outputs.js";
import { expectGoldenDirectory } from "../../helpers/expect-golden-directory.js";
import { REFERENCE_CONFIG, hasReferenceConfig, referenceConfigSkipNote } from "../../helpers/reference-config.js";

const repoRoot = path.resolve(fileURLToPath(import.meta.url), "../../../..");
const goldenRoot = path.join(repoRoot, "test/golden/infra");

/**
 * The configs whose outputs are pinned byte for byte; `npx vitest -u` rewrites the files.
 * The reference config is compared only where it is checked out beside the repo.
 */
const CONFIGS = [
  { name: "reference-config", dir: REFERENCE_CONFIG, skip: !hasReferenceConfig, note: referenceConfigSkipNote },
  { name: "example-config", dir: repoRoot, skip: false, note: "" },
  { name: "large-example", dir: path.join(repoRoot, "test/fixtures/config-repos/large-example"), skip: false, note: "" },
];

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

    await expectGoldenDirectory(path.join(goldenRoot, name), Object.fromEntries(rendered));
  });
});
