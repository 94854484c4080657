import { formatDiagnostic, hasErrors, sortDiagnostics } from "../../diagnostics.js";
import type { PlanRun } from "../../pipeline/run-plan.js";
import { hasFindings, needsTrustReview } from "../../plan/plan.js";
import { TRUST_NOTICE_TITLE } from "../render-trust-notice.js";
import { plural, summarizePlan } from "../describe-plan.js";
import { codeFence } from "../markdown-syntax.js";
import { PLAN_COMMENT_MARKER, renderPlanMarkdown } from "../render-plan-markdown.js";
import { buildAnnotations } from "./build-annotations.js";
import type { CheckRunResult } from "./check-run-result.js";

/** The name of the check run on pull requests. */
export const PLAN_CHECK_NAME = "phoenix/plan";

/** Every variable name matches: a fork's plan shows no values at all. */
const MASK_EVERY_VARIABLE = ["*"];

export const NO_CHANGES_TEXT = "No changes to anything Phoenix manages.";

export interface PlanReport {
  /** The sticky comment's body, starting with the hidden marker. */
  readonly comment: string;
  readonly check: CheckRunResult;
}

export interface PlanReportOptions {
  /** The head is in a fork: every variable value is masked and the comment says it will not be deployed from there. */
  readonly fork: boolean;
}

/** The pull request's view of a plan run: the comment and the check run say the same thing. */
export function renderPlanReport(run: PlanRun, options: PlanReportOptions): PlanReport {
  const forkNote = options.fork ? "\n\n_Planned from a fork: every variable value is hidden. Nothing is deployed before the merge._" : "";
  if (!run.plan || hasErrors(run.diagnostics)) return renderInvalidReport(run, forkNote);
  const plan = run.plan;
  const secretPatterns = options.fork ? MASK_EVERY_VARIABLE : (run.settings?.secrets.variablePatterns ?? []);
  if (!hasFindings(plan) && plan.warnings.length === 0 && !needsTrustReview(plan)) {
    return {
      comment: `${PLAN_COMMENT_MARKER}\n**Phoenix:** ${NO_CHANGES_TEXT}${forkNote}\n`,
      check: { conclusion: "success", title: "No changes", summary: NO_CHANGES_TEXT },
    };
  }
  const markdown = renderPlanMarkdown(plan, { secretPatterns, maxLength: 60_000, masker: run.masker });
  const summary = summarizePlan(plan);
  const review = needsTrustReview(plan);
  return {
    comment: `${markdown.trimEnd()}${forkNote}\n`,
    check: {
      conclusion: review ? "action_required" : "success",
      title: review ? `Review needed: ${TRUST_NOTICE_TITLE.toLowerCase()}` : summary,
      summary: review ? `**${TRUST_NOTICE_TITLE}** (${plural(plan.trust?.changes.length ?? 0, "value")}); a reviewer must check them before merging.\n\n**Plan:** ${summary}` : `**Plan:** ${summary}`,
      text: markdown,
      annotations: buildAnnotations(run.diagnostics.filter((d) => d.severity === "warning")),
    },
  };
}

function renderInvalidReport(run: PlanRun, forkNote: string): PlanReport {
  const errors = run.diagnostics.filter((d) => d.severity === "error");
  const title = `${errors.length} configuration ${plural(errors.length, "error")}`;
  const listing = codeFence(sortDiagnostics(run.diagnostics).map(formatDiagnostic).join("\n"));
  const body = `**Configuration invalid:** ${title}; nothing can be planned or deployed until ${errors.length === 1 ? "it is" : "they are"} fixed.\n\n${listing}`;
  return {
    comment: `${PLAN_COMMENT_MARKER}\n### Phoenix plan\n\n${body}${forkNote}\n`,
    check: { conclusion: "failure", title, summary: body, annotations: buildAnnotations(run.diagnostics) },
  };
}
