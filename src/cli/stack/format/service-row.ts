/**
 * `docker stack services` rows (cli/command/service/formatter.go
 * `serviceContext`): ID (12 characters), Name, Mode, Replicas (with job
 * progress and `max N per node`), Image (digest dropped when tagged) and
 * the ingress Ports, consecutive ports grouped into ranges.
 */
import type { ServiceInfo } from "../../../engine/engine-objects.js";
import type { GoStruct } from "../../../go/template/go-template.js";
import { createGoStruct, truncateId } from "./go-struct.js";
import { formatDisplayImage } from "./display-image.js";

export interface ListedPort {
  readonly Protocol?: string;
  readonly TargetPort?: number;
  readonly PublishedPort?: number;
  readonly PublishMode?: string;
}

/** A service as `GET /services?status=true` lists it. */
export interface ListedService extends ServiceInfo {
  readonly Endpoint?: { readonly Ports?: readonly ListedPort[] };
  readonly ServiceStatus?: { readonly RunningTasks?: number; readonly DesiredTasks?: number; readonly CompletedTasks?: number };
}

export const DEFAULT_SERVICE_TABLE_FORMAT = "table {{.ID}}\t{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}";
const RAW_SERVICE_FORMAT = "id: {{.ID}}\\nname: {{.Name}}\\nmode: {{.Mode}}\\nreplicas: {{.Replicas}}\\nimage: {{.Image}}\\nports: {{.Ports}}\\n";
export const SERVICE_HEADER = { ID: "ID", Name: "NAME", Mode: "MODE", Replicas: "REPLICAS", Image: "IMAGE", Ports: "PORTS" };

/** `service.NewListFormat`: `table` and `raw` are keys, with a quiet variant each. */
export function resolveServiceFormat(source: string, quiet: boolean): string {
  if (source === "table") return quiet ? "{{.ID}}" : DEFAULT_SERVICE_TABLE_FORMAT;
  if (source === "raw") return quiet ? "id: {{.ID}}" : RAW_SERVICE_FORMAT;
  return source;
}

export function serviceMode(service: ServiceInfo): string {
  const mode = service.Spec.Mode ?? {};
  if (mode.Global !== undefined) return "global";
  if (mode.Replicated !== undefined) return "replicated";
  if (mode.ReplicatedJob !== undefined) return "replicated job";
  if (mode.GlobalJob !== undefined) return "global job";
  return "";
}

export function serviceReplicas(service: ListedService): string {
  const running = service.ServiceStatus?.RunningTasks ?? 0;
  const desired = service.ServiceStatus?.DesiredTasks ?? 0;
  const completed = service.ServiceStatus?.CompletedTasks ?? 0;
  const mode = service.Spec.Mode ?? {};
  if (mode.ReplicatedJob !== undefined) return `${running}/${desired} (${completed}/${mode.ReplicatedJob.TotalCompletions ?? 0} completed)`;
  if (mode.GlobalJob !== undefined) return `${running}/${desired} (${completed}/${desired + completed} completed)`;
  const max = serviceMode(service) === "replicated" ? (service.Spec.TaskTemplate.Placement?.MaxReplicas ?? 0) : 0;
  return max > 0 ? `${running}/${desired} (max ${max} per node)` : `${running}/${desired}`;
}

/** `serviceContext.Ports`: ingress ports sorted by protocol then published port, runs grouped (`*:80-81->80-81/tcp`). */
export function formatServicePorts(ports: readonly ListedPort[] | undefined): string {
  if (ports === undefined) return "";
  const sorted = [...ports].sort((a, b) =>
    (a.Protocol ?? "") === (b.Protocol ?? "") ? (a.PublishedPort ?? 0) - (b.PublishedPort ?? 0) : (a.Protocol ?? "") < (b.Protocol ?? "") ? -1 : 1,
  );
  const out: string[] = [];
  let range = { pStart: 0, pEnd: 0, tStart: 0, tEnd: 0, protocol: "" };
  const print = (r: typeof range) => {
    const pub = r.pEnd > r.pStart ? `${r.pStart}-${r.pEnd}` : String(r.pStart);
    const target = r.tEnd > r.tStart ? `${r.tStart}-${r.tEnd}` : String(r.tStart);
    return `*:${pub}->${target}/${r.protocol}`;
  };
  for (const port of sorted) {
    if (port.PublishMode !== "ingress") continue;
    const published = port.PublishedPort ?? 0;
    const target = port.TargetPort ?? 0;
    const protocol = port.Protocol ?? "";
    const isRange = range.tEnd !== range.tStart;
    // Go subtracts uint32s: a port below the range's end wraps to a huge difference and starts a new range.
    const gap = (a: number, b: number) => (a - b) >>> 0;
    if (protocol !== range.protocol || gap(published, range.pEnd) > 1 || gap(target, range.tEnd) > 1 || (isRange && target <= range.tEnd)) {
      if (range.pStart > 0) out.push(print(range));
      range = { pStart: published, pEnd: published, tStart: target, tEnd: target, protocol };
      continue;
    }
    range = { ...range, pEnd: published, tEnd: target };
  }
  if (range.pStart > 0) out.push(print(range));
  return out.join(", ");
}

export function createServiceRow(service: ListedService): GoStruct {
  return createGoStruct("*service.serviceContext", {
    ID: () => truncateId(service.ID),
    Name: () => service.Spec.Name,
    Mode: () => serviceMode(service),
    Replicas: () => serviceReplicas(service),
    Image: () => formatDisplayImage(service.Spec.TaskTemplate.ContainerSpec?.Image ?? ""),
    Ports: () => formatServicePorts(service.Endpoint?.Ports),
  });
}
