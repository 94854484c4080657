/**
 * The words every plan renderer shares, so the terminal, the PR comment and
 * the check run say the same thing: counts by action, what a stack's
 * objects do, how a field changed. Pure formatting of the Plan's own data.
 */
import type { FieldChange, InfraChange, ObjectChange, ObjectKind, Plan, PlanImpact, PlanStep, StackAction, StackChange } from "../plan/plan.js";
import { SENSITIVE_TEXT } from "./mask-plan.js";

const STACK_ACTIONS: readonly StackAction[] = ["create", "update", "remove", "orphaned"];
const FILE_ACTIONS: readonly InfraChange["action"][] = ["create", "update", "remove"];
const OBJECT_KINDS: readonly ObjectKind[] = ["service", "network", "secret", "config"];
const OBJECT_ACTIONS: readonly ObjectChange["action"][] = ["create", "update", "remove"];

/** How an action reads in a summary (`1 to create`, `1 orphaned and kept`). */
const ACTION_PHRASE: Readonly<Record<StackAction, string>> = {
  create: "to create",
  update: "to update",
  remove: "to remove",
  orphaned: "orphaned and kept",
  unchanged: "unchanged",
};

/** `2 stacks to update, 1 to create · 1 infra file to update · 3 stacks unchanged` (or `no changes`). */
export function summarizePlan(plan: Plan): string {
  const parts: string[] = [];
  const stackCounts = STACK_ACTIONS.map((a) => [a, plan.stacks.filter((s) => s.action === a).length] as const).filter(([, n]) => n > 0);
  if (stackCounts.length > 0) parts.push(joinCounts(stackCounts.map(([a, n]) => [n, ACTION_PHRASE[a]]), "stack"));
  const fileCounts = FILE_ACTIONS.map((a) => [a, plan.infra.filter((f) => f.action === a).length] as const).filter(([, n]) => n > 0);
  if (fileCounts.length > 0) parts.push(joinCounts(fileCounts.map(([a, n]) => [n, ACTION_PHRASE[a]]), "infra file"));
  const certificates = plan.certificates ?? [];
  const toIssue = certificates.filter((c) => c.action === "issue").length;
  const toFix = certificates.filter((c) => c.action === "fix-permissions").length;
  if (toIssue + toFix > 0)
    parts.push(joinCounts([...(toIssue > 0 ? [[toIssue, "to issue"] as const] : []), ...(toFix > 0 ? [[toFix, "to fix (owner or mode)"] as const] : [])], "certificate"));
  const nodes = (plan.nodes ?? []).filter((n) => n.action !== "unchanged").length;
  if (nodes > 0) parts.push(`${nodes} ${plural(nodes, "node")} to update`);
  const kept = plan.stacks.flatMap((s) => s.objects).filter((o) => o.action === "kept").length;
  if (kept > 0) parts.push(`${kept} ${plural(kept, "service")} ${KEPT_PHRASE}`);
  const joins = plan.joins?.length ?? 0;
  if (joins > 0) parts.push(`${joins} ${plural(joins, "VM")} to join`);
  const unchanged = plan.stacks.filter((s) => s.action === "unchanged").length;
  if (unchanged > 0) parts.push(`${unchanged} ${plural(unchanged, "stack")} unchanged`);
  return parts.length === 0 ? "no changes" : parts.join(" · ");
}

/** `1 service to update, 1 config to create`, or what an orphaned or unchanged stack means. */
export function describeStackObjects(stack: StackChange): string {
  if (stack.action === "orphaned") return "not in the config; kept because prune is off";
  const changed = OBJECT_KINDS.flatMap((kind) =>
    OBJECT_ACTIONS.map((action) => [kind, action, stack.objects.filter((o) => o.kind === kind && o.action === action).length] as const),
  ).filter(([, , n]) => n > 0);
  const kept = stack.objects.filter((o) => o.action === "kept").length;
  const parts = [...changed.map(([kind, action, n]) => `${n} ${plural(n, kind)} to ${action}`), ...(kept > 0 ? [`${kept} ${plural(kept, "service")} ${KEPT_PHRASE}`] : [])];
  if (parts.length === 0) return stack.action === "unchanged" ? "no changes" : "no object changes";
  return parts.join(", ");
}

/** What a kept object is: in the plan so a deleted service is never silently left behind. */
export const KEPT_PHRASE = "left running: prune is off";

/** `update`, or for a kept service `left running: prune is off`. */
export function describeObjectAction(object: ObjectChange): string {
  return object.action === "kept" ? KEPT_PHRASE : object.action;
}

/** `+3 −1` from a unified diff (headers aside). */
export function countDiffLines(diff: string): { readonly added: number; readonly removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diff.split("\n")) {
    if (line.startsWith("+++") || line.startsWith("---")) continue;
    if (line.startsWith("+")) added++;
    else if (line.startsWith("-")) removed++;
  }
  return { added, removed };
}

/** Longest value shown in full; longer ones are cut (a config's data, a long command). */
export const MAX_VALUE_LENGTH = 200;

/** How a renderer dresses the parts of a field change (code spans in Markdown, colours on a terminal). */
export interface FieldChangeStyle {
  readonly path?: (path: string) => string;
  readonly value?: (value: string) => string;
}

/** `image: app:1 → app:2`, `env.FOO: added bar`, `env.TOKEN: changed (sensitive)`. */
export function formatFieldChange(field: FieldChange, style: FieldChangeStyle = {}): string {
  const path = (style.path ?? identity)(field.path);
  const value = (v: string | undefined) => (style.value ?? identity)(formatValue(v ?? ""));
  if (field.sensitive) return `${path}: ${field.op === "add" ? "added" : field.op === "remove" ? "removed" : "changed"} ${SENSITIVE_TEXT}`;
  if (field.op === "add") return `${path}: added ${value(field.after)}`;
  if (field.op === "remove") return field.before === undefined ? `${path}: removed` : `${path}: removed (was ${value(field.before)})`;
  return `${path}: ${value(field.before)} → ${value(field.after)}`;
}

/** A field of an object being created reads as its value (`image: app:1`), without the update's `added`. */
export function formatObjectField(field: FieldChange, action: ObjectChange["action"], style: FieldChangeStyle = {}): string {
  if (action !== "create" || field.op !== "add") return formatFieldChange(field, style);
  const path = (style.path ?? identity)(field.path);
  return field.sensitive ? `${path}: ${SENSITIVE_TEXT}` : `${path}: ${(style.value ?? identity)(formatValue(field.after ?? ""))}`;
}

/** One line, at most MAX_VALUE_LENGTH characters: line breaks shown as `\n`, the rest counted. */
export function formatValue(value: string): string {
  const oneLine = value.replace(/\r?\n/g, "\\n");
  if (oneLine.length <= MAX_VALUE_LENGTH) return oneLine;
  return `${oneLine.slice(0, MAX_VALUE_LENGTH)}… (${oneLine.length - MAX_VALUE_LENGTH} more characters)`;
}

/** ` (after stack/db, stack/cache)` for a step that waits for others, else nothing. */
export function describeAfter(step: PlanStep): string {
  return step.after === undefined || step.after.length === 0 ? "" : ` (after ${step.after.join(", ")})`;
}

/** `update`, or `update (drift)` for a change the compared commits do not explain. */
export function describeAction(unit: { readonly action: string; readonly drift?: boolean }): string {
  return unit.drift ? `${unit.action} (drift)` : unit.action;
}

/**
 * One line per unit the change from the base touches (`stack web_app: production: variables.LOG_LEVEL changed`),
 * in apply order: settings, guests, DNS and firewall, stacks, proxies.
 */
export function listImpactLines(impact: PlanImpact): string[] {
  const early = impact.infra.filter((f) => f.output === "dns" || f.output === "firewall");
  const late = impact.infra.filter((f) => f.output !== "dns" && f.output !== "firewall");
  return [
    ...(impact.settingsChanged ? ["settings: .github/phoenix.yml changed"] : []),
    ...impact.guests.map((g) => `guest ${g.id}: ${g.reasons.join("; ")}`),
    ...early.map((f) => `infra ${f.output}: ${f.reasons.join("; ")}`),
    ...impact.stacks.map((s) => `stack ${s.name}: ${s.reasons.join("; ")}`),
    ...late.map((f) => `infra ${f.output}: ${f.reasons.join("; ")}`),
  ];
}

/**
 * `3 files changed, but nothing Phoenix deploys depends on what changed`: the files may
 * be unused (a README) or used with no effect (reordered keys, a field nothing consumes).
 */
export function describeUntouched(impact: PlanImpact): string {
  const n = impact.changedPaths.length;
  return n === 0 ? "no file changed" : `${n} ${plural(n, "file")} changed, but nothing Phoenix deploys depends on what changed`;
}

export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function identity(text: string): string {
  return text;
}

function joinCounts(counts: readonly (readonly [number, string])[], noun: string): string {
  return counts.map(([n, phrase], i) => (i === 0 ? `${n} ${plural(n, noun)} ${phrase}` : `${n} ${phrase}`)).join(", ");
}
