import { hasFindings, hasKeptObjects, touchesManagedUnits, type Plan, type PlanSource } from "../plan/plan.js";
import { describeUntouched, plural, summarizePlan } from "./describe-plan.js";
import { fitMarkdownComment, type CommentPart } from "./fit-markdown-comment.js";
import { maskPlan, type MaskOptions } from "./mask-plan.js";
import { codeSpan } from "./markdown-syntax.js";
import { renderTopologyDetails } from "./render-topology-markdown.js";
import { renderTrustNoticeMarkdown } from "./render-trust-notice.js";
import { listNotableCertificates, renderCertificateTable } from "./certificate-plan-sections.js";
import { renderImpactDetails, renderInfraDetails, renderInfraTable, renderStackDetails, renderStackTable, renderStepDetails, renderWarnings } from "./markdown-plan-sections.js";

/** The hidden first line by which the sticky plan comment of a pull request is found again. */
export const PLAN_COMMENT_MARKER = "<!-- phoenix:plan -->";

/** GitHub refuses comment bodies over 65,536 characters; the margin leaves room for what wraps the body. */
export const DEFAULT_MAX_COMMENT_LENGTH = 65_000;

export interface PlanMarkdownOptions extends MaskOptions {
  /** Upper bound of the comment's length (default 65,000). */
  readonly maxLength?: number;
  /** Where the complete plan can be read (a check run, a CI artifact); linked when something had to be left out. */
  readonly fullPlanUrl?: string;
  /** The hidden marker line, for one sticky comment per environment (default `<!-- phoenix:plan -->`). */
  readonly commentMarker?: string;
}

/**
 * The plan as a pull-request comment: a one-line summary, summary tables,
 * a collapsed block per changed stack and per changed infra file, the
 * warnings, all under `maxLength` (see `fitMarkdownComment`). Secret values
 * are masked before anything is formatted.
 */
export function renderPlanMarkdown(plan: Plan, options: PlanMarkdownOptions = {}): string {
  const safe = maskPlan(plan, options);
  const marker = options.commentMarker ?? PLAN_COMMENT_MARKER;
  const heading = `### Phoenix plan for ${codeSpan(safe.environment)}\n${describeSource(safe.source)}`;
  const warnings = safe.warnings.length > 0 ? [renderWarnings(safe)] : [];
  const untouched = safe.impact !== undefined && !touchesManagedUnits(safe) ? `This pull request changes nothing Phoenix manages (${describeUntouched(safe.impact)}).` : undefined;
  const impact = safe.impact !== undefined && untouched === undefined ? [renderImpactDetails(safe.impact)] : [];
  const notice = renderTrustNoticeMarkdown(safe);
  // The notice comes right after the marker: it is the one part the comment never leaves out.
  const trust: CommentPart[] = notice === undefined ? [] : [{ kind: "text", text: notice }];
  const parts: CommentPart[] = hasFindings(safe)
    ? [
        { kind: "text", text: marker },
        ...trust,
        { kind: "text", text: `${heading}\n\n${untouched === undefined ? "" : `${untouched} The live state differs from the config anyway:\n\n`}**Plan:** ${summarizePlan(safe)}` },
        renderStackTable(safe.stacks.filter((s) => s.action !== "unchanged" || hasKeptObjects(s))),
        renderInfraTable(safe.infra.filter((f) => f.action !== "unchanged")),
        ...(listNotableCertificates(safe.certificates).length > 0 ? [renderCertificateTable(listNotableCertificates(safe.certificates))] : []),
        ...warnings,
        ...impact,
        ...safe.stacks.filter((s) => s.action !== "unchanged" || hasKeptObjects(s)).map(renderStackDetails),
        ...safe.infra.filter((f) => f.action !== "unchanged").map(renderInfraDetails),
        ...renderTopologyDetails(safe),
        ...(safe.steps.length > 0 ? [renderStepDetails(safe)] : []),
        { kind: "omitted" },
      ]
    : [
        { kind: "text", text: marker },
        ...trust,
        { kind: "text", text: `${heading}\n\n${untouched === undefined ? describeNoChanges(safe) : `**No changes:** ${untouched}`}` },
        ...warnings,
        ...renderTopologyDetails(safe),
        { kind: "omitted" },
      ];
  return `${fitMarkdownComment(parts, {
    maxLength: (options.maxLength ?? DEFAULT_MAX_COMMENT_LENGTH) - 1,
    describeOmitted: (labels, rowsCut) => describeOmitted(labels, rowsCut, options.fullPlanUrl),
  })}\n`;
}

function describeSource(source: PlanSource): string {
  // Bare SHAs: GitHub links them to the commits.
  if (source.commit !== undefined) {
    const commit = `Commit ${source.commit}${source.dirty ? " + uncommitted changes" : ""}`;
    return source.base === undefined ? commit : `${commit}, compared with ${source.base}`;
  }
  return `From ${codeSpan(source.description)}`;
}

function describeNoChanges(plan: Plan): string {
  const stacks = plan.stacks.length;
  const files = plan.infra.length;
  return `**No changes:** the ${stacks} ${plural(stacks, "stack")} and ${files} infrastructure ${plural(files, "file")} Phoenix manages already match the config.`;
}

/** At most this many left-out blocks are named; the rest are counted. */
const MAX_NAMED = 10;

function describeOmitted(labels: readonly string[], rowsCut: boolean, fullPlanUrl: string | undefined): string {
  const named = labels.length > MAX_NAMED ? [...labels.slice(0, MAX_NAMED), `${labels.length - MAX_NAMED} more`] : labels;
  const list = named.length <= 1 ? named.join("") : `${named.slice(0, -1).join(", ")} and ${named[named.length - 1] ?? ""}`;
  const what = [labels.length > 0 ? `the details of ${list}` : "", rowsCut ? "the last rows of the lists" : ""].filter((t) => t !== "").join("; ");
  const pointer = fullPlanUrl === undefined ? `Run ${codeSpan("phoenix plan")} for the full plan.` : `[Read the full plan](${linkTarget(fullPlanUrl)}).`;
  return `**Left out to stay under GitHub's comment limit:** ${what}. ${pointer}`;
}

/** A link destination that cannot end the link early (spaces, parentheses). */
function linkTarget(url: string): string {
  return `<${url.replace(/[<>\s]/g, encodeURIComponent)}>`;
}
