/**
 * `docker stack ps` rows (cli/command/task/formatter.go `taskContext`):
 * ID and Image truncated unless `--no-trunc`, Name and Node as resolved by
 * the caller, states capitalised, `Running 5 minutes ago`, the error quoted
 * and cut to 30 columns, and the task's host-mode ports.
 */
import type { ComposeCompat } from "../../../compose/compose-compat.js";
import type { TaskInfo } from "../../../engine/engine-objects.js";
import type { GoStruct } from "../../../go/template/go-template.js";
import { formatHumanDuration } from "../../../go/units-duration.js";
import { formatDisplayImage } from "./display-image.js";
import { createGoStruct, truncateId } from "./go-struct.js";

/** A task as `GET /tasks` lists it, with the ports it published in host mode. */
export interface ListedTask extends TaskInfo {
  readonly Status: TaskInfo["Status"] & { readonly PortStatus?: { readonly Ports?: readonly { Protocol?: string; TargetPort?: number; PublishedPort?: number }[] } };
}

export const DEFAULT_TASK_TABLE_FORMAT = "table {{.ID}}\t{{.Name}}\t{{.Image}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}\t{{.Ports}}";
const RAW_TASK_FORMAT =
  "id: {{.ID}}\\nname: {{.Name}}\\nimage: {{.Image}}\\nnode: {{.Node}}\\ndesired_state: {{.DesiredState}}\\ncurrent_state: {{.CurrentState}}\\nerror: {{.Error}}\\nports: {{.Ports}}\\n";
export const TASK_HEADER = {
  ID: "ID",
  Name: "NAME",
  Image: "IMAGE",
  Node: "NODE",
  DesiredState: "DESIRED STATE",
  CurrentState: "CURRENT STATE",
  Error: "ERROR",
  Ports: "PORTS",
};
const MAX_ERROR_LENGTH = 30;

/** `task.NewTaskFormat`. */
export function resolveTaskFormat(source: string, quiet: boolean): string {
  if (source === "table") return quiet ? "{{.ID}}" : DEFAULT_TASK_TABLE_FORMAT;
  if (source === "raw") return quiet ? "id: {{.ID}}" : RAW_TASK_FORMAT;
  return source;
}

/** `formatter.PrettyPrint`: first letter upper, the rest lower. */
export function prettyPrint(text: string): string {
  if (text.length <= 1) return text.toLowerCase();
  return `${text[0]?.toUpperCase() ?? ""}${text.slice(1).toLowerCase()}`;
}

/** The error cut to 30 columns with `…`: 20.10 cuts bytes, 23.0+ `formatter.Ellipsis` cuts runes. */
export function truncateTaskError(error: string, cliVersion: ComposeCompat): string {
  if (cliVersion === "20.10") {
    const bytes = Buffer.from(error);
    return bytes.length > MAX_ERROR_LENGTH ? `${bytes.subarray(0, MAX_ERROR_LENGTH - 1).toString("utf8")}…` : error;
  }
  const runes = [...error];
  return runes.length > MAX_ERROR_LENGTH ? `${runes.slice(0, MAX_ERROR_LENGTH - 1).join("")}…` : error;
}

export interface TaskRowInput {
  readonly task: ListedTask;
  /** `service.slot` (or `service.node` for global services), indented for older tasks of the slot in a table. */
  readonly name: string;
  readonly node: string;
  readonly trunc: boolean;
  readonly now: number;
  readonly cliVersion: ComposeCompat;
}

export function createTaskRow(input: TaskRowInput): GoStruct {
  const { task, trunc } = input;
  return createGoStruct("*task.taskContext", {
    ID: () => (trunc ? truncateId(task.ID) : task.ID),
    Name: () => input.name,
    Image: () => {
      const image = task.Spec?.ContainerSpec?.Image ?? "";
      return trunc ? formatDisplayImage(image) : image;
    },
    Node: () => input.node,
    DesiredState: () => prettyPrint(task.DesiredState),
    CurrentState: () => {
      const since = Date.parse(task.Status.Timestamp ?? "");
      // A task without a timestamp has Go's zero time: two thousand years ago.
      const age = Number.isNaN(since) ? input.now - Date.parse("0001-01-01T00:00:00Z") : input.now - since;
      return `${prettyPrint(task.Status.State)} ${formatHumanDuration(age).toLowerCase()} ago`;
    },
    Error: () => {
      const error = trunc ? truncateTaskError(task.Status.Err ?? "", input.cliVersion) : (task.Status.Err ?? "");
      return error === "" ? "" : `"${error}"`;
    },
    Ports: () =>
      (task.Status.PortStatus?.Ports ?? []).map((p) => `*:${p.PublishedPort ?? 0}->${p.TargetPort ?? 0}/${p.Protocol ?? ""}`).join(","),
  });
}
