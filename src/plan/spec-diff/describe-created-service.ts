/**
 * What a plan shows of a service it creates: its main attributes, one line
 * each, as `add` fields (no `before`). The same view and formatting as an
 * update's diff (so env values follow the same masking), condensed: lists a
 * reviewer reads as a whole (ports, networks, secrets, configs) on one line,
 * labels as a count, and the daemon's defaults left out.
 */
import type { FieldChange } from "../plan.js";
import type { ServiceSpec } from "../../engine/engine-service-spec.js";
import { diffObjectViews } from "./diff-object-views.js";
import { toServiceView, type ServiceViewContext } from "./service-view.js";
import type { SpecChange } from "./spec-change.js";

/** Shown entry by entry, as an update shows them. */
const PER_ENTRY = new Set(["env", "volumes"]);
/** Shown as one line listing the entries. */
const AS_LIST = new Set(["ports", "networks", "secrets", "configs"]);
/** Shown as a count: a stack's labels are many and mostly Traefik's or Phoenix's own. */
const AS_COUNT = new Set(["labels", "deploy.labels"]);
/** Single values worth a reviewer's line; the rest of a spec is in `docker service inspect` once created. */
const VALUES = new Set([
  "image",
  "entrypoint",
  "command",
  "deploy.mode",
  "deploy.replicas",
  "deploy.job.max_concurrent",
  "deploy.job.total_completions",
  "deploy.placement.constraints",
  "deploy.placement.max_replicas_per_node",
  "deploy.resources.limits.cpus",
  "deploy.resources.limits.memory",
  "user",
  "healthcheck.test",
]);

export function describeCreatedService(desired: ServiceSpec, context: ServiceViewContext = {}): FieldChange[] {
  const added = diffObjectViews(new Map(), toServiceView(desired, context));
  const fields: FieldChange[] = [];
  const grouped = new Map<string, SpecChange[]>();
  for (const change of added) {
    if (change.key !== undefined && !PER_ENTRY.has(change.field)) {
      grouped.set(change.field, [...(grouped.get(change.field) ?? []), change]);
      if (grouped.get(change.field)?.length === 1) fields.push({ path: change.field, op: "add" });
    } else if (PER_ENTRY.has(change.field) || (VALUES.has(change.field) && !isReplicatedMode(change))) {
      fields.push(toField(change.field === "volumes" ? { ...change, after: describeMount(change.after) } : change.field === "deploy.placement.constraints" ? { ...change, after: joinList(change.after) } : change));
    }
  }
  return fields.flatMap((field) => {
    const entries = grouped.get(field.path);
    if (entries === undefined) return [field];
    if (AS_COUNT.has(field.path)) return [{ path: field.path, op: "add", after: `${entries.length} ${entries.length === 1 ? "label" : "labels"}` }];
    if (AS_LIST.has(field.path)) return [{ path: field.path, op: "add", after: entries.map(describeListEntry).join(", ") }];
    return entries.map(toField);
  });
}

/** `deploy.replicas` says it; `deploy.mode` is shown for the other modes only. */
function isReplicatedMode(change: SpecChange): boolean {
  return change.field === "deploy.mode" && change.after === "replicated";
}

/** A port with its mode when not the default (`443:443/tcp (host)`); a secret or config by its object's name; a network by name. */
function describeListEntry(change: SpecChange): string {
  const key = change.key ?? "";
  if (change.field === "ports") return change.after === "ingress" || change.after === undefined ? key : `${key} (${change.after})`;
  if (change.field === "secrets" || change.field === "configs") return change.after === undefined ? key : `${change.after} → ${key}`;
  return key;
}

/** `volume web_app_data`, `bind /srv/x (read-only)`; other mount options stay as JSON after it. */
function describeMount(formatted: string | undefined): string | undefined {
  const mount = parseJson(formatted) as { type?: string; source?: string; read_only?: boolean } | undefined;
  if (mount === undefined || typeof mount !== "object" || mount === null) return formatted;
  const { type, source, read_only: readOnly, ...options } = mount;
  // A named volume's labels are the stack's namespace label, which every stack object carries.
  const { labels: _labels, ...volume } = (options as { volume?: Record<string, unknown> }).volume ?? {};
  const rest: Record<string, unknown> = { ...options, ...(Object.keys(volume).length > 0 ? { volume } : {}) };
  if (Object.keys(volume).length === 0) delete rest.volume;
  const extra = Object.keys(rest).length === 0 ? "" : ` ${JSON.stringify(rest)}`;
  return `${[type, source].filter((p) => p !== undefined).join(" ")}${readOnly ? " (read-only)" : ""}${extra}`;
}

/** `node.role==manager, node.labels.x==y` from the view's JSON list. */
function joinList(formatted: string | undefined): string | undefined {
  const list = parseJson(formatted);
  return Array.isArray(list) ? list.map(String).join(", ") : formatted;
}

function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toField(change: SpecChange): FieldChange {
  return { path: change.path, op: "add", ...(change.after === undefined ? {} : { after: change.after }), ...(change.sensitive ? { sensitive: true } : {}) };
}
