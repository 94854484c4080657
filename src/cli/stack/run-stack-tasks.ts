/**
 * `phoenix stack ps STACK` and `phoenix stack services STACK`: the task and
 * service tables of docker/cli (`stack/ps.go`, `stack/services.go`), read
 * through dockerode with the namespace label filter.
 */
import type Docker from "dockerode";
import { NAMESPACE_LABEL } from "../../engine/stack-labels.js";
import type { ServiceInfo, TaskInfo } from "../../engine/engine-objects.js";
import { ExitCode } from "../exit-codes.js";
import { compareNatural, renderTable, stripDigest } from "./render-table.js";
import { checkStackName, type StackContext } from "./stack-context.js";
import { formatHumanDuration } from "../../go/units-duration.js";

interface ListedService extends ServiceInfo {
  readonly Endpoint?: { readonly Ports?: readonly { Protocol?: string; TargetPort?: number; PublishedPort?: number; PublishMode?: string }[] };
}

const stackFilter = (stack: string) => ({ label: [`${NAMESPACE_LABEL}=${stack}`] });

async function listServices(docker: Docker, stack: string): Promise<ListedService[]> {
  return (await docker.listServices({ filters: stackFilter(stack) })) as unknown as ListedService[];
}

function capitalize(text: string): string {
  return text === "" ? text : `${text[0]?.toUpperCase() ?? ""}${text.slice(1)}`;
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

export async function runStackPs(stack: string, options: { json: boolean; noTrunc: boolean }, context: StackContext): Promise<number> {
  const nameError = checkStackName(stack);
  if (nameError !== undefined) return failWith(context, nameError);
  const docker = await context.docker();
  const tasks = (await docker.listTasks({ filters: stackFilter(stack) })) as unknown as TaskInfo[];
  if (tasks.length === 0) return failWith(context, `nothing found in stack: ${stack}`);
  const services = new Map((await listServices(docker, stack)).map((s) => [s.ID, s.Spec.Name]));
  const nodes = new Map(
    ((await docker.listNodes()) as { ID: string; Description?: { Hostname?: string } }[]).map((n) => [n.ID, n.Description?.Hostname ?? n.ID]),
  );
  const now = Date.now();
  const sorted = [...tasks].sort(
    (a, b) =>
      compareNatural(services.get(a.ServiceID) ?? a.ServiceID, services.get(b.ServiceID) ?? b.ServiceID) ||
      (a.Slot ?? 0) - (b.Slot ?? 0) ||
      Date.parse(b.Status.Timestamp ?? "0") - Date.parse(a.Status.Timestamp ?? "0"),
  );
  let previousSlot = "";
  const rows: TaskRow[] = sorted.map((task) => {
    const slot = `${services.get(task.ServiceID) ?? task.ServiceID}.${task.Slot !== undefined && task.Slot !== 0 ? task.Slot : (task.NodeID ?? "")}`;
    // Older tasks of the same slot are shown indented under the newest, like `docker service ps`.
    const name = slot === previousSlot ? ` \\_ ${slot}` : slot;
    previousSlot = slot;
    const since = Date.parse(task.Status.Timestamp ?? "");
    const error = task.Status.Err ?? "";
    return {
      id: options.noTrunc ? task.ID : task.ID.slice(0, 12),
      name,
      image: stripDigest(task.Spec?.ContainerSpec?.Image ?? ""),
      node: nodes.get(task.NodeID ?? "") ?? "",
      desiredState: capitalize(task.DesiredState),
      currentState: `${capitalize(task.Status.State)} ${Number.isNaN(since) ? "" : `${formatHumanDuration(now - since)} ago`}`.trim(),
      error: error === "" ? "" : `"${options.noTrunc || error.length <= 30 ? error : `${error.slice(0, 29)}…`}"`,
      ports: "",
    };
  });
  if (options.json) {
    context.io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return ExitCode.ok;
  }
  const header = ["ID", "NAME", "IMAGE", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR", "PORTS"];
  context.io.stdout(renderTable(header, rows.map((r) => [r.id, r.name, r.image, r.node, r.desiredState, r.currentState, r.error, r.ports])));
  return ExitCode.ok;
}

export interface ServiceRow {
  readonly id: string;
  readonly name: string;
  readonly mode: string;
  readonly replicas: string;
  readonly image: string;
  readonly ports: string;
}

export async function runStackServices(stack: string, options: { json: boolean; quiet: boolean }, context: StackContext): Promise<number> {
  const nameError = checkStackName(stack);
  if (nameError !== undefined) return failWith(context, nameError);
  const docker = await context.docker();
  const services = (await listServices(docker, stack)).sort((a, b) => compareNatural(a.Spec.Name, b.Spec.Name));
  if (services.length === 0) {
    context.io.stderr(`Nothing found in stack: ${stack}\n`);
    return ExitCode.ok;
  }
  const tasks = (await docker.listTasks({ filters: stackFilter(stack) })) as unknown as TaskInfo[];
  const rows: ServiceRow[] = services.map((service) => {
    const running = tasks.filter((t) => t.ServiceID === service.ID && t.DesiredState === "running" && t.Status.State === "running").length;
    const mode = service.Spec.Mode ?? {};
    const desired = mode.Replicated !== undefined ? String(mode.Replicated.Replicas ?? 1) : String(new Set(tasks.filter((t) => t.ServiceID === service.ID && t.DesiredState === "running").map((t) => t.NodeID)).size);
    const ports = (service.Endpoint?.Ports ?? [])
      .filter((p) => p.PublishMode !== "host")
      .map((p) => `*:${p.PublishedPort ?? 0}->${p.TargetPort ?? 0}/${p.Protocol ?? "tcp"}`)
      .join(", ");
    return {
      id: service.ID.slice(0, 12),
      name: service.Spec.Name,
      mode: mode.Global !== undefined ? "global" : mode.ReplicatedJob !== undefined ? "replicated job" : mode.GlobalJob !== undefined ? "global job" : "replicated",
      replicas: `${running}/${desired}`,
      image: stripDigest(service.Spec.TaskTemplate.ContainerSpec?.Image ?? ""),
      ports,
    };
  });
  if (options.json) context.io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
  else if (options.quiet) context.io.stdout(rows.map((r) => `${r.id}\n`).join(""));
  else context.io.stdout(renderTable(["ID", "NAME", "MODE", "REPLICAS", "IMAGE", "PORTS"], rows.map((r) => [r.id, r.name, r.mode, r.replicas, r.image, r.ports])));
  return ExitCode.ok;
}

function failWith(context: StackContext, message: string): number {
  context.io.stderr(`${message}\n`);
  return ExitCode.error;
}
