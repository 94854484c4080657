/**
 * `phoenix stack ls`: every service with the namespace label, grouped by its
 * value, names in natural order (docker/cli `stack/list.go`), printed with
 * `--format` (default: NAME, SERVICES and, for 20.10, ORCHESTRATOR).
 */
import { NAMESPACE_LABEL } from "../../engine/stack-labels.js";
import { ExitCode } from "../exit-codes.js";
import { compareNatural } from "./render-table.js";
import type { ComposeCompat } from "../../compose/compose-compat.js";
import type { StackContext } from "./stack-context.js";
import { formatRows, TABLE_FORMAT_KEY } from "./format/write-formatted.js";
import { createStackRow, defaultStackFormat, stackHeader, type StackSummary } from "./format/stack-row.js";
import { formatDaemonError } from "./format-daemon-error.js";
import { createStackReads } from "../../swarm/stack-reads.js";

export type { StackSummary } from "./format/stack-row.js";

export interface StackLsOptions {
  readonly json: boolean;
  /** `--format`; empty or `table` for the default table. */
  readonly format?: string;
  readonly cliVersion: ComposeCompat;
}

export async function runStackLs(options: StackLsOptions, context: StackContext): Promise<number> {
  const reads = createStackReads(await context.docker());
  let services: { ID: string; Spec?: { Labels?: Record<string, string> } }[];
  try {
    services = (await reads.listServices({ label: [NAMESPACE_LABEL] }, false)) as typeof services;
  } catch (error) {
    context.io.stderr(`${formatDaemonError(error)}\n`);
    return ExitCode.error;
  }
  const counts = new Map<string, number>();
  for (const service of services) {
    const stack = service.Spec?.Labels?.[NAMESPACE_LABEL];
    if (stack === undefined) {
      context.io.stderr(`cannot get label ${NAMESPACE_LABEL} for service ${service.ID}\n`);
      return ExitCode.error;
    }
    counts.set(stack, (counts.get(stack) ?? 0) + 1);
  }
  const stacks: StackSummary[] = [...counts].map(([name, count]) => ({ name, services: count })).sort((a, b) => compareNatural(a.name, b.name));
  if (options.json) {
    context.io.stdout(`${JSON.stringify(stacks, null, 2)}\n`);
    return ExitCode.ok;
  }
  const requested = options.format ?? "";
  const format = requested === "" || requested === TABLE_FORMAT_KEY ? defaultStackFormat(options.cliVersion) : requested;
  const result = formatRows({ format, rows: stacks.map((s) => createStackRow(s, options.cliVersion)), header: stackHeader(options.cliVersion), cliVersion: options.cliVersion });
  if (!result.ok) {
    context.io.stderr(`${result.error}\n`);
    return ExitCode.error;
  }
  context.io.stdout(result.output);
  return ExitCode.ok;
}
