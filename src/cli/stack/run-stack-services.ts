/**
 * `phoenix stack services STACK` (docker/cli `stack/services.go`): the
 * stack's services, filtered by the daemon with the user's `--filter`s and
 * the namespace label, with their task counts (`status=true`), in natural
 * order, printed with `--format` or `-q`. An empty stack is a message on
 * stderr and exit 0, as for the CLI.
 */
import type { ComposeCompat } from "../../compose/compose-compat.js";
import { NAMESPACE_LABEL } from "../../engine/stack-labels.js";
import { ExitCode } from "../exit-codes.js";
import { formatDaemonError } from "./format-daemon-error.js";
import { createServiceRow, formatServicePorts, resolveServiceFormat, serviceMode, serviceReplicas, SERVICE_HEADER, type ListedService } from "./format/service-row.js";
import { formatDisplayImage } from "./format/display-image.js";
import { truncateId } from "./format/go-struct.js";
import { formatRows, TABLE_FORMAT_KEY } from "./format/write-formatted.js";
import { addStackFilter, type FilterArgs } from "./parse-filter-flags.js";
import { compareNatural } from "./render-table.js";
import { createStackReads } from "../../swarm/stack-reads.js";
import type { StackContext } from "./stack-context.js";

export interface StackServicesOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly format?: string;
  readonly filters?: FilterArgs;
  readonly cliVersion: ComposeCompat;
}

export interface ServiceRow {
  readonly id: string;
  readonly name: string;
  readonly mode: string;
  readonly replicas: string;
  readonly image: string;
  readonly ports: string;
}

export async function runStackServices(stack: string, options: StackServicesOptions, context: StackContext): Promise<number> {
  const reads = createStackReads(await context.docker());
  let services: ListedService[];
  try {
    const filters = addStackFilter(options.filters ?? {}, NAMESPACE_LABEL, stack);
    // Task counts are asked for only when they are shown, as the CLI does (`Status: !opts.Quiet`).
    services = (await reads.listServices(filters, !options.quiet)) as ListedService[];
  } catch (error) {
    context.io.stderr(`${formatDaemonError(error)}\n`);
    return ExitCode.error;
  }
  if (services.length === 0) {
    context.io.stderr(`Nothing found in stack: ${stack}\n`);
    return ExitCode.ok;
  }
  const sorted = [...services].sort((a, b) => compareNatural(a.Spec.Name, b.Spec.Name));
  if (options.json) {
    const rows: ServiceRow[] = sorted.map((s) => ({
      id: truncateId(s.ID),
      name: s.Spec.Name,
      mode: serviceMode(s),
      replicas: serviceReplicas(s),
      image: formatDisplayImage(s.Spec.TaskTemplate.ContainerSpec?.Image ?? ""),
      ports: formatServicePorts(s.Endpoint?.Ports),
    }));
    context.io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return ExitCode.ok;
  }
  const format = resolveServiceFormat(options.format === undefined || options.format === "" ? TABLE_FORMAT_KEY : options.format, options.quiet);
  const result = formatRows({ format, rows: sorted.map(createServiceRow), header: SERVICE_HEADER, cliVersion: options.cliVersion });
  if (!result.ok) {
    context.io.stderr(`${result.error}\n`);
    return ExitCode.error;
  }
  context.io.stdout(result.output);
  return ExitCode.ok;
}
