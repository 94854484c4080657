import picocolors from "picocolors";
import { formatDiagnostic } from "../diagnostics.js";
import type { InfraChange, ObjectChange, Plan, PlanImpact, PlanSource, StackChange } from "../plan/plan.js";
import { hasFindings, hasKeptObjects } from "../plan/plan.js";
import { describeAfter, describeObjectAction, describeStackObjects, describeUntouched, formatObjectField, listImpactLines, plural, summarizePlan } from "./describe-plan.js";
import { maskPlan, type MaskOptions } from "./mask-plan.js";
import { renderTrustNoticeText } from "./render-trust-notice.js";
import { describeCertificateLine, listNotableCertificates } from "./certificate-plan-sections.js";
import { renderTopologyText } from "./render-topology-text.js";

export interface PlanTextOptions extends MaskOptions {
  /** ANSI colours; the CLI passes `process.stdout.isTTY` (and honours NO_COLOR / FORCE_COLOR). */
  readonly color: boolean;
}

type Colors = ReturnType<typeof picocolors.createColors>;

/** Sign and colour of each action, as `terraform plan` marks them. */
const MARKS: Readonly<Record<string, { readonly sign: string; readonly color: keyof Colors }>> = {
  create: { sign: "+", color: "green" },
  update: { sign: "~", color: "yellow" },
  remove: { sign: "-", color: "red" },
  orphaned: { sign: "!", color: "magenta" },
  kept: { sign: "!", color: "magenta" },
  unchanged: { sign: "=", color: "dim" },
};

/** The plan for a terminal: one block per changed stack and infra file, the warnings, a last summary line. */
export function renderPlanText(plan: Plan, options: PlanTextOptions): string {
  const safe = maskPlan(plan, options);
  const c = picocolors.createColors(options.color);
  const lines = [c.bold(`Phoenix plan for ${safe.environment}`) + c.dim(` (${describeSource(safe.source)})`), ""];
  lines.push(...renderTrustNoticeText(safe).map((line) => (line === "" ? line : c.red(c.bold(line)))));
  const stacks = safe.stacks.filter((s) => s.action !== "unchanged" || hasKeptObjects(s));
  const files = safe.infra.filter((f) => f.action !== "unchanged");
  if (safe.impact !== undefined) lines.push(...renderImpact(safe.impact, safe.source, c), "");
  if (stacks.length > 0) lines.push(c.bold("Stacks"), ...stacks.flatMap((s) => renderStack(s, c)), "");
  if (files.length > 0) lines.push(c.bold("Infrastructure"), ...files.flatMap((f) => renderFile(f, c)), "");
  const certificates = listNotableCertificates(safe.certificates);
  if (certificates.length > 0) lines.push(c.bold("Certificates"), ...certificates.map((x) => `  ${describeCertificateLine(x)}`), "");
  lines.push(...renderTopologyText(safe, c));
  if (safe.warnings.length > 0) lines.push(c.bold("Warnings"), ...safe.warnings.map((w) => indent(c.yellow(formatDiagnostic(w)), 2)), "");
  if (hasFindings(safe) && safe.steps.length > 0) lines.push(c.bold("Apply order"), ...safe.steps.map((s, i) => `  ${i + 1}. ${s.unit}: ${s.action}${describeAfter(s)}`), "");
  lines.push(hasFindings(safe) ? `${c.bold("Plan:")} ${summarizePlan(safe)}` : `${c.bold("No changes.")} Everything Phoenix manages matches the config.`);
  return `${lines.join("\n")}\n`;
}

function renderStack(stack: StackChange, c: Colors): string[] {
  const mark = paint(c, stack.action);
  const as = stack.namespace === stack.stack ? "" : c.dim(` as ${stack.namespace}`);
  const drift = stack.drift ? c.magenta(" (drift: the change does not touch it)") : "";
  const lines = [`  ${mark.sign} ${c.bold(stack.stack)}${as} ${mark.paint(stack.action)}${drift}: ${describeStackObjects(stack)}`];
  const objects = stack.action === "orphaned" ? stack.objects : stack.objects.filter((o) => o.action !== "unchanged");
  for (const object of objects) lines.push(...renderObject(object, c, stack.action === "orphaned"));
  return lines;
}

function renderObject(object: ObjectChange, c: Colors, listOnly: boolean): string[] {
  const mark = paint(c, listOnly ? "orphaned" : object.action);
  const head = `      ${mark.sign} ${object.kind} ${object.name}${listOnly ? "" : ` ${mark.paint(describeObjectAction(object))}`}`;
  return [head, ...object.fields.map((f) => `          ${formatObjectField(f, object.action, { path: c.bold })}`)];
}

function renderFile(file: InfraChange, c: Colors): string[] {
  const mark = paint(c, file.action);
  const drift = file.drift ? c.magenta(" (drift: the change does not touch it)") : "";
  const head = `  ${mark.sign} ${file.output} ${c.bold(file.file)} ${mark.paint(file.action)}${drift}`;
  const diff = file.diff === "" ? [] : file.diff.replace(/\n$/, "").split("\n").map((line) => `      ${colorDiffLine(line, c)}`);
  return [head, ...diff];
}

function renderImpact(impact: PlanImpact, source: PlanSource, c: Colors): string[] {
  const since = source.base === undefined ? "the base" : source.base.slice(0, 12);
  const lines = listImpactLines(impact);
  if (lines.length === 0) return [`${c.bold(`Change since ${since}:`)} nothing Phoenix manages (${describeUntouched(impact)})`];
  const n = impact.changedPaths.length;
  return [c.bold(`Change since ${since}`) + c.dim(` (${n} ${plural(n, "file")} changed)`), ...lines.map((line) => `  ${line}`)];
}

function colorDiffLine(line: string, c: Colors): string {
  if (line.startsWith("+++") || line.startsWith("---")) return c.bold(line);
  if (line.startsWith("@@")) return c.cyan(line);
  if (line.startsWith("+")) return c.green(line);
  if (line.startsWith("-")) return c.red(line);
  return line;
}

function paint(c: Colors, action: string): { sign: string; paint: (text: string) => string } {
  const mark = MARKS[action] ?? { sign: "?", color: "reset" as const };
  const color = c[mark.color] as (text: string) => string;
  return { sign: color(mark.sign), paint: color };
}

function describeSource(source: PlanSource): string {
  if (source.commit === undefined) return source.description;
  const commit = `commit ${source.commit}${source.dirty ? " + uncommitted changes" : ""}`;
  return source.base === undefined ? commit : `${commit}, base ${source.base}`;
}

function indent(text: string, by: number): string {
  return text.replace(/^/gm, " ".repeat(by));
}
