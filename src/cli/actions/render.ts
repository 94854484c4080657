import path from "node:path";
import { loadConfigRepo } from "../../pipeline/load-config-repo.js";
import { toInfraRenderOptions } from "../../pipeline/infra-deployments.js";
import { loadRepoSettings } from "../../settings/load-repo-settings.js";
import { createDirectoryTree } from "../../source/file-tree.js";
import { formatDiagnostic, hasErrors, sortDiagnostics } from "../../diagnostics.js";
import { renderInfraOutputs } from "../../infra/render-infra-outputs.js";
import { checkRenderedOutputs } from "../../infra/check-rendered-outputs.js";
import { RenderOutConflictError, writeRenderedOutputs } from "../../infra/write-rendered-outputs.js";
import { ExitCode } from "../exit-codes.js";
export interface RenderOptions {
  dir: string;
  out: string;
  json?: boolean;
}

/** The files plan and sync would deploy, rendered with the repo's settings (dnsmasq's conf-dir follows the DNS target's path). */
export async function runRender(opts: RenderOptions): Promise<number> {
  const tree = createDirectoryTree(path.resolve(opts.dir));
  const settings = await loadRepoSettings(tree);
  const load = await loadConfigRepo(tree, { defaultEnvironment: settings.settings.environment });
  const loaded = sortDiagnostics([...load.diagnostics, ...settings.diagnostics]);
  if (load.state === undefined || hasErrors(loaded)) {
    const errors = loaded.filter((d) => d.severity === "error");
    if (opts.json) process.stdout.write(JSON.stringify({ rendered: false, errors, warnings: loaded.filter((d) => d.severity === "warning") }, null, 2) + "\n");
    else {
      for (const d of loaded) process.stderr.write(formatDiagnostic(d) + "\n");
      process.stderr.write(`${errors.length} error${errors.length === 1 ? "" : "s"}: nothing rendered\n`);
    }
    return ExitCode.error;
  }
  const outputs = renderInfraOutputs(load.state, toInfraRenderOptions(settings.settings));
  const problems = checkRenderedOutputs(outputs);
  const warnings = sortDiagnostics([...loaded, ...outputs.flatMap((o) => o.warnings)]);
  if (problems.length > 0) {
    for (const p of problems) process.stderr.write(`phoenix render: generated file failed its check: ${p}\n`);
    return ExitCode.error;
  }
  const outDir = path.resolve(opts.out);
  let result: Awaited<ReturnType<typeof writeRenderedOutputs>>;
  try {
    result = await writeRenderedOutputs(outDir, outputs);
  } catch (err) {
    if (!(err instanceof RenderOutConflictError)) throw err;
    if (opts.json) process.stdout.write(JSON.stringify({ rendered: false, out: outDir, conflicts: err.problems, hint: err.hint }, null, 2) + "\n");
    else {
      process.stderr.write(`phoenix render: ${err.message}\n`);
      for (const p of err.problems) process.stderr.write(`  ${p}\n`);
      process.stderr.write(`  hint: ${err.hint ?? ""}\n`);
    }
    return ExitCode.error;
  }
  const { written, removed, kept } = result;
  if (opts.json) {
    process.stdout.write(JSON.stringify({ rendered: true, out: outDir, files: written, removed, kept, warnings }, null, 2) + "\n");
  } else {
    for (const d of warnings) process.stderr.write(formatDiagnostic(d) + "\n");
    for (const f of removed) process.stderr.write(`phoenix render: removed ${f}: an earlier render wrote it and it is no longer rendered\n`);
    for (const f of kept) process.stderr.write(`phoenix render: kept ${f}: no longer rendered, but changed since phoenix render wrote it\n`);
    for (const f of written) process.stdout.write(`${f.path} (${f.bytes} bytes)\n`);
    process.stdout.write(`${written.length} file${written.length === 1 ? "" : "s"} written to ${outDir}, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}\n`);
  }
  return ExitCode.ok;
}
