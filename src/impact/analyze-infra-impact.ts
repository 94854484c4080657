import { diffLines } from "diff";
import type { DesiredState } from "../config/desired-state.js";
import { CertificateEntry } from "../config/schemas/certificate-manifest.js";
import { renderInfraOutputs } from "../infra/render-infra-outputs.js";
import type { InfraOutputId, RenderedFile } from "../infra/rendered-output.js";
import type { ChangedAreas } from "./classify-changed-paths.js";
import { findChangedPaths, limitList, toComparableValue } from "./comparable-value.js";
import { MAX_PATHS_PER_REASON, type InfraImpact } from "./impact.js";
import { stripUnknownKeys } from "./strip-unknown-keys.js";

/**
 * Infrastructure outputs whose generated files (or the guest they are
 * deployed to) differ. The outputs are rendered from both states and
 * compared: the renderers are the exact definition of what each output
 * consumes, so no field list here can fall out of step with them.
 */
export function analyzeInfraImpact(areas: ChangedAreas, before: DesiredState | undefined, after: DesiredState): InfraImpact[] {
  const out: InfraImpact[] = [];
  const configChanged = areas.everything || areas.hypervisor || areas.lxc || areas.vm || areas.stacksConfig || areas.certificates || areas.stackFiles;
  if (configChanged) {
    const old = before === undefined ? undefined : renderFiles(before);
    const now = renderFiles(after);
    for (const [output, files] of now) {
      const reasons = old === undefined ? describeFirstRender(files) : describeFileChanges(old.get(output) ?? [], files);
      if (before !== undefined) reasons.push(...describeTargetChange(output, before, after));
      if (reasons.length > 0) out.push({ output, reasons });
    }
  }
  if (areas.everything || areas.certificates) {
    const reasons = describeCertificateChanges(before, after);
    if (reasons.length > 0) out.push({ output: "certificates", reasons });
  }
  return out;
}

function renderFiles(state: DesiredState): Map<InfraOutputId, readonly RenderedFile[]> {
  return new Map(renderInfraOutputs(state).map((o) => [o.id, o.files]));
}

function describeFirstRender(files: readonly RenderedFile[]): string[] {
  return files.map((f) => `${f.name}: generated (no earlier state)`);
}

function describeFileChanges(old: readonly RenderedFile[], now: readonly RenderedFile[]): string[] {
  const previous = new Map(old.map((f) => [f.name, f.content]));
  const reasons: string[] = [];
  for (const file of now) {
    const content = previous.get(file.name);
    previous.delete(file.name);
    if (content === undefined) reasons.push(`${file.name}: new file`);
    else if (content !== file.content) reasons.push(`${file.name}: ${countChangedLines(content, file.content)}`);
  }
  for (const name of previous.keys()) reasons.push(`${name}: no longer generated`);
  return reasons;
}

function countChangedLines(before: string, after: string): string {
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before, after)) {
    if (part.added) added += part.count;
    else if (part.removed) removed += part.count;
  }
  return `${added} line${added === 1 ? "" : "s"} added, ${removed} removed`;
}

/** Traefik's file goes into the proxy guest and NGINX's into the gateway: a new guest needs the file even when it is unchanged. */
function describeTargetChange(output: InfraOutputId, before: DesiredState, after: DesiredState): string[] {
  const role = output === "traefik" ? "proxy" : output === "nginx" ? "gateway" : undefined;
  if (role === undefined) return [];
  const old = before.roles[role];
  const now = after.roles[role];
  if (old === now) return [];
  return [`deployed to ${now === undefined ? "no guest" : `guest ${now}`} (was ${old === undefined ? "no guest" : `guest ${old}`})`];
}

/** Entries are matched by common name; order matters too (the gateway takes the first entry covering it). */
function describeCertificateChanges(before: DesiredState | undefined, after: DesiredState): string[] {
  const key = (entry: unknown, index: number) => {
    const name = (entry as { common_name?: unknown }).common_name;
    return typeof name === "string" ? name : `entry ${index}`;
  };
  const consumed = (state: DesiredState | undefined) =>
    new Map((state?.certificates ?? []).map((entry, i) => [key(entry, i), toComparableValue(stripUnknownKeys(CertificateEntry, entry))]));
  const old = consumed(before);
  const now = consumed(after);
  const reasons: string[] = [];
  for (const [name, entry] of now) {
    const previous = old.get(name);
    if (previous === undefined) reasons.push(`${name}: ${before === undefined ? "declared (no earlier state)" : "added"}`);
    else {
      const paths = findChangedPaths(previous, entry);
      if (paths.length > 0) reasons.push(`${name}: ${limitList(paths, MAX_PATHS_PER_REASON)} changed`);
    }
  }
  for (const name of old.keys()) if (!now.has(name)) reasons.push(`${name}: removed`);
  const order = (m: Map<string, unknown>) => [...m.keys()].filter((n) => old.has(n) && now.has(n));
  if (reasons.length === 0 && order(old).join("\n") !== order(now).join("\n")) reasons.push("order of the entries changed");
  return reasons;
}
