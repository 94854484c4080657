import path from "node:path";
import { loadConfigRepo } from "../../pipeline/load-config-repo.js";
import { createDirectoryTree } from "../../source/file-tree.js";
import { formatDiagnostic, sortDiagnostics } from "../../diagnostics.js";
import { renderInfraOutputs } from "../../infra/render-infra-outputs.js";
import { checkRenderedOutputs } from "../../infra/check-rendered-outputs.js";
import { writeRenderedOutputs } from "../../infra/write-rendered-outputs.js";
import { ExitCode } from "../exit-codes.js";
export interface RenderOptions {
  dir: string;
  out: string;
  json?: boolean;
}


export async function runRender(opts: RenderOptions): Promise<number> {
  const tree = createDirectoryTree(path.resolve(opts.dir));
  const load = await loadConfigRepo(tree);
  if (load.state === undefined) {
    const diagnostics = sortDiagnostics(load.diagnostics);
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (opts.json) process.stdout.write(JSON.stringify({ rendered: false, errors, warnings: diagnostics.filter((d) => d.severity === "warning") }, null, 2) + "\n");
    else {
      for (const d of diagnostics) process.stderr.write(formatDiagnostic(d) + "\n");
      process.stderr.write(`${errors.length} error${errors.length === 1 ? "" : "s"}: nothing rendered\n`);
    }
    return ExitCode.error;
  }
  const outputs = renderInfraOutputs(load.state);
  const problems = checkRenderedOutputs(outputs);
  const warnings = sortDiagnostics(outputs.flatMap((o) => o.warnings));
  if (problems.length > 0) {
    for (const p of problems) process.stderr.write(`phoenix render: generated file failed its check: ${p}\n`);
    return ExitCode.error;
  }
  const outDir = path.resolve(opts.out);
  const written = await writeRenderedOutputs(outDir, outputs);
  if (opts.json) {
    process.stdout.write(JSON.stringify({ rendered: true, out: outDir, files: written, warnings }, null, 2) + "\n");
  } else {
    for (const d of warnings) process.stderr.write(formatDiagnostic(d) + "\n");
    for (const f of written) process.stdout.write(`${f.path} (${f.bytes} bytes)\n`);
    process.stdout.write(`${written.length} file${written.length === 1 ? "" : "s"} written to ${outDir}, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}\n`);
  }
  return ExitCode.ok;
}
