import path from "node:path";
import { hasErrors } from "../../diagnostics.js";
import { renderInfraOutputs } from "../../infra/render-infra-outputs.js";
import { checkConfig, type ConfigCheck } from "../../pipeline/check-config.js";
import { toInfraRenderOptions } from "../../pipeline/infra-deployments.js";
import { createSecretMasker } from "../../secrets/secret-masker.js";
import { readProcessSecretValues } from "../../secrets/process-secrets.js";
import { readOperatorPolicy } from "../../trust/operator-policy.js";
import { createDirectoryTree } from "../../source/file-tree.js";
import { formatDiagnostic, sortDiagnostics } from "../../diagnostics.js";
import { ExitCode } from "../exit-codes.js";
export interface ValidateOptions {
  dir: string;
  json?: boolean;
}

/**
 * The gate: everything plan checks short of reading live state (the settings,
 * the config, the conversion to service specs, what the swarm would refuse
 * mid-sync), through the same stage plan runs first, so both say the same.
 */
export async function runValidate(opts: ValidateOptions): Promise<number> {
  const tree = createDirectoryTree(path.resolve(opts.dir));
  const masker = createSecretMasker(readProcessSecretValues(process.env));
  const result = await checkConfig(tree, { policy: readOperatorPolicy(process.env, "cli"), masker });
  // The generated files' own warnings (a route that would loop, a name declared twice), as plan shows them.
  const rendered = result.state && !hasErrors(result.diagnostics) ? renderInfraOutputs(result.state, toInfraRenderOptions(result.settings)) : [];
  const diagnostics = sortDiagnostics(masker.maskDiagnostics([...result.diagnostics, ...rendered.flatMap((r) => r.warnings)]));
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

function summarize(state: NonNullable<ConfigCheck["state"]>) {
  return { guests: state.guests.length, stacks: state.stacks.size, assignments: state.assignments.length };
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
