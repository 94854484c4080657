import path from "node:path";
import { loadConfigRepo } from "../../pipeline/load-config-repo.js";
import { checkCertificateConfig } from "../../pipeline/certificate-stage.js";
import { loadRepoSettings } from "../../settings/load-repo-settings.js";
import { createDirectoryTree } from "../../source/file-tree.js";
import { formatDiagnostic, sortDiagnostics } from "../../diagnostics.js";
import { ExitCode } from "../exit-codes.js";
export interface ValidateOptions {
  dir: string;
  json?: boolean;
}

/**
 * Everything plan would load: `.github/phoenix.yml` as well as the config,
 * because the settings say what runs where (ssh options, reload commands,
 * target paths) and a refusal there must show up before anything runs.
 */
export async function runValidate(opts: ValidateOptions): Promise<number> {
  const tree = createDirectoryTree(path.resolve(opts.dir));
  const settings = await loadRepoSettings(tree);
  // As plan does: plain `docker_stacks` names are in the settings' environment.
  const result = await loadConfigRepo(tree, { defaultEnvironment: settings.settings.environment });
  const certificates = result.state ? await checkCertificateConfig(tree, result.state, settings.settings) : [];
  const diagnostics = sortDiagnostics([...result.diagnostics, ...settings.diagnostics, ...certificates]);
  const errors = diagnostics.filter((d) => d.severity === "error");
  const warnings = diagnostics.filter((d) => d.severity === "warning");
  if (opts.json) {
    process.stdout.write(
      JSON.stringify({ valid: errors.length === 0, errors, warnings, summary: result.state ? summarize(result.state) : undefined }, null, 2) + "\n",
    );
  } else {
    for (const d of diagnostics) process.stderr.write(formatDiagnostic(d) + "\n");
    if (errors.length === 0 && result.state) {
      const s = summarize(result.state);
      process.stdout.write(
        `${tree.description}: valid (${count(s.guests, "guest")}, ${count(s.stacks, "stack")}, ${count(s.assignments, "stack assignment")}, ${count(warnings.length, "warning")})\n`,
      );
    } else {
      process.stderr.write(`${count(errors.length, "error")}, ${count(warnings.length, "warning")}\n`);
    }
  }
  return errors.length === 0 ? ExitCode.ok : ExitCode.error;
}

function summarize(state: NonNullable<Awaited<ReturnType<typeof loadConfigRepo>>["state"]>) {
  return { guests: state.guests.length, stacks: state.stacks.size, assignments: state.assignments.length };
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
