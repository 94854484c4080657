/**
 * `phoenix stack ps STACK` (docker/cli `stack/swarm/ps.go`, `task/print.go`):
 * the stack's tasks, filtered by the daemon with the user's `--filter`s and
 * the namespace label; names `service.slot` (or `service.nodeID` for global
 * services); sorted by name in natural order, newest first within a slot,
 * older ones indented `\_` in a table; services and nodes resolved to names
 * unless `--no-resolve`; IDs, images and errors cut unless `--no-trunc`.
 */
import type { ComposeCompat } from "../../compose/compose-compat.js";
import { NAMESPACE_LABEL } from "../../engine/stack-labels.js";
import { ExitCode } from "../exit-codes.js";
import { formatDaemonError } from "./format-daemon-error.js";
import { createTaskRow, resolveTaskFormat, TASK_HEADER, type ListedTask } from "./format/task-row.js";
import { formatRows, isTableFormat, TABLE_FORMAT_KEY } from "./format/write-formatted.js";
import { addStackFilter, type FilterArgs } from "./parse-filter-flags.js";
import { compareNatural } from "./render-table.js";
import { createStackReads, type StackReads } from "../../swarm/stack-reads.js";
import type { StackContext } from "./stack-context.js";

export interface StackPsOptions {
  readonly json: boolean;
  readonly noTrunc: boolean;
  readonly noResolve?: boolean;
  readonly quiet?: boolean;
  readonly format?: string;
  readonly filters?: FilterArgs;
  readonly cliVersion: ComposeCompat;
}

export interface TaskRow {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly node: string;
  readonly desiredState: string;
  readonly currentState: string;
  readonly error: string;
  readonly ports: string;
}

export async function runStackPs(stack: string, options: StackPsOptions, context: StackContext): Promise<number> {
  const reads = createStackReads(await context.docker());
  let tasks: ListedTask[];
  try {
    tasks = (await reads.listTasks(addStackFilter(options.filters ?? {}, NAMESPACE_LABEL, stack))) as ListedTask[];
  } catch (error) {
    context.io.stderr(`${formatDaemonError(error)}\n`);
    return ExitCode.error;
  }
  if (tasks.length === 0) {
    context.io.stderr(`nothing found in stack: ${stack}\n`);
    return ExitCode.error;
  }
  const resolve = createResolver(reads, options.noResolve === true);
  const named = await Promise.all(tasks.map(async (task) => ({ task, name: await taskName(task, resolve) })));
  // sort.Stable by name, then the most recently created first within a slot.
  named.sort((a, b) => (a.name !== b.name ? compareNatural(a.name, b.name) : Date.parse(b.task.CreatedAt ?? "") - Date.parse(a.task.CreatedAt ?? "") || 0));

  const format = resolveTaskFormat(options.format === undefined || options.format === "" ? TABLE_FORMAT_KEY : options.format, options.quiet === true);
  const indent = isTableFormat(format) && !options.json ? " \\_ " : "";
  const now = Date.now();
  let previous = "";
  const rows = [];
  for (const { task, name } of named) {
    const shown = name === previous ? `${indent}${name}` : name;
    previous = name;
    rows.push(createTaskRow({ task, name: shown, node: await resolve.node(task.NodeID ?? ""), trunc: !options.noTrunc, now, cliVersion: options.cliVersion }));
  }
  if (options.json) {
    const json: TaskRow[] = rows.map((row) => {
      const v = row.json() as Record<string, string>;
      return { id: v.ID ?? "", name: v.Name ?? "", image: v.Image ?? "", node: v.Node ?? "", desiredState: v.DesiredState ?? "", currentState: v.CurrentState ?? "", error: v.Error ?? "", ports: v.Ports ?? "" };
    });
    context.io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return ExitCode.ok;
  }
  const result = formatRows({ format, rows, header: TASK_HEADER, cliVersion: options.cliVersion });
  if (!result.ok) {
    context.io.stderr(`${result.error}\n`);
    return ExitCode.error;
  }
  context.io.stdout(result.output);
  return ExitCode.ok;
}

async function taskName(task: ListedTask, resolve: Resolver): Promise<string> {
  const service = await resolve.service(task.ServiceID);
  return task.Slot !== undefined && task.Slot !== 0 ? `${service}.${task.Slot}` : `${service}.${task.NodeID ?? ""}`;
}

interface Resolver {
  readonly service: (id: string) => Promise<string>;
  readonly node: (id: string) => Promise<string>;
}

/**
 * docker/cli `idresolver`: a service's name, a node's name or else its
 * hostname, the ID itself when the lookup fails or `--no-resolve` is given;
 * each ID looked up once.
 */
function createResolver(reads: StackReads, noResolve: boolean): Resolver {
  const cache = new Map<string, Promise<string>>();
  const memo = (id: string, look: (id: string) => Promise<string>) => {
    if (noResolve) return Promise.resolve(id);
    let hit = cache.get(id);
    if (hit === undefined) {
      hit = look(id).catch(() => id);
      cache.set(id, hit);
    }
    return hit;
  };
  return { service: (id) => memo(id, reads.serviceName), node: (id) => (id === "" ? Promise.resolve("") : memo(id, reads.nodeName)) };
}
