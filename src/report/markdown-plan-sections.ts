/**
 * The sections of a plan's PR comment, as parts `fitMarkdownComment` can
 * shorten: the summary tables, one collapsible block per changed stack and
 * per changed infra file, the apply order, the warnings.
 */
import { formatDiagnostic } from "../diagnostics.js";
import type { InfraChange, ObjectChange, Plan, PlanImpact, StackChange } from "../plan/plan.js";
import { countDiffLines, describeAction, describeAfter, describeObjectAction, describeStackObjects, formatObjectField, listImpactLines, plural } from "./describe-plan.js";
import type { CommentPart } from "./fit-markdown-comment.js";
import { codeFence, codeSpan, detailsBlock, escapeHtml, htmlCode, renderTable } from "./markdown-syntax.js";

export function renderStackTable(stacks: readonly StackChange[]): CommentPart {
  const [head1, head2, ...rows] = renderTable(
    ["Stack", "Action", "Changes"],
    stacks.map((s) => [codeSpan(s.stack), describeAction(s), describeStackObjects(s)]),
  );
  return { kind: "rows", head: `${head1}\n${head2}`, rows, more: (n) => `| … | | ${n} more ${plural(n, "stack")} |` };
}

export function renderInfraTable(files: readonly InfraChange[]): CommentPart {
  const [head1, head2, ...rows] = renderTable(
    ["Output", "File", "Action", "Lines"],
    files.map((f) => [f.output, codeSpan(f.file), describeAction(f), formatLineCounts(f.diff)]),
  );
  return { kind: "rows", head: `${head1}\n${head2}`, rows, more: (n) => `| … | | | ${n} more ${plural(n, "file")} |` };
}

export function renderWarnings(plan: Plan): CommentPart {
  const rows = plan.warnings.map((w) => `- ${codeSpan(formatDiagnostic(w).replace(/\s*\n\s*/g, " "))}`);
  return { kind: "rows", head: `#### ${plan.warnings.length} ${plural(plan.warnings.length, "warning")}`, rows, more: (n) => `- … and ${n} more` };
}

export function renderStackDetails(stack: StackChange): CommentPart {
  const as = stack.namespace === stack.stack ? "" : ` as ${htmlCode(stack.namespace)}`;
  const summary = `${htmlCode(stack.stack)}${as} · ${escapeHtml(describeAction(stack))} · ${escapeHtml(describeStackObjects(stack))}`;
  const objects = stack.action === "orphaned" ? stack.objects : stack.objects.filter((o) => o.action !== "unchanged");
  const intro =
    stack.action === "orphaned"
      ? `Deployed, but no longer in the config. Kept because ${codeSpan("prune")} is off: set ${codeSpan("prune: true")} in ${codeSpan(".github/phoenix.yml")} to remove it.`
      : stack.drift
        ? "The live stack differs from the config, but this change does not touch it: it drifted, or an earlier change was never applied. A sync puts it back."
        : "";
  const body = [intro, ...objects.map((o) => renderObject(o, stack.action === "orphaned"))].filter((t) => t !== "").join("\n\n");
  return { kind: "details", label: codeSpan(stack.stack), text: detailsBlock(summary, body || "No object changes.") };
}

export function renderInfraDetails(file: InfraChange): CommentPart {
  const summary = `${escapeHtml(file.output)} · ${htmlCode(file.file)} · ${escapeHtml(describeAction(file))} (${escapeHtml(formatLineCounts(file.diff))})`;
  const body = file.diff === "" ? "No diff." : codeFence(file.diff, "diff");
  return { kind: "details", label: `${file.output} ${codeSpan(file.file)}`, text: detailsBlock(summary, body) };
}

/** What the change from the base touches, unit by unit, collapsed. */
export function renderImpactDetails(impact: PlanImpact): CommentPart {
  const lines = listImpactLines(impact).map((line) => `- ${escapeHtml(line)}`);
  const n = impact.changedPaths.length;
  const summary = `What this change touches (${n} ${plural(n, "file")} changed)`;
  return { kind: "details", label: "what the change touches", text: detailsBlock(summary, lines.join("\n")) };
}

export function renderStepDetails(plan: Plan): CommentPart {
  const lines = plan.steps.map((step, i) => `${i + 1}. ${codeSpan(step.unit)}: ${step.action}${describeAfter(step)}`);
  const summary = `Apply order (${plan.steps.length} ${plural(plan.steps.length, "step")})`;
  return { kind: "details", label: "the apply order", text: detailsBlock(summary, lines.join("\n")) };
}

function renderObject(object: ObjectChange, listOnly: boolean): string {
  const head = `**${object.kind}** ${codeSpan(object.name)}${listOnly ? "" : `: ${describeObjectAction(object)}`}`;
  const fields = object.fields.map((f) => `- ${formatObjectField(f, object.action, { path: codeSpan, value: codeSpan })}`);
  return [head, ...fields].join("\n");
}

function formatLineCounts(diff: string): string {
  const { added, removed } = countDiffLines(diff);
  return `+${added} −${removed}`;
}
