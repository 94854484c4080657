import type { Plan, TrustChange } from "../plan/plan.js";
import { codeSpan, escapeTableCell } from "./markdown-syntax.js";

/** The first words of the notice, the same in every form, so reviewers and tests find it. */
export const TRUST_NOTICE_TITLE = "This change alters what Phoenix executes or connects to";

/** Values longer than this are cut in the notice (the JSON form keeps them whole). */
const MAX_VALUE_LENGTH = 300;

/** The notice as terminal lines, or [] when the plan changes no execution value. */
export function renderTrustNoticeText(plan: Plan): string[] {
  const trust = plan.trust;
  if (trust === undefined || trust.changes.length === 0) return [];
  return [
    `!! ${TRUST_NOTICE_TITLE}.`,
    `!! This plan used the values of ${describeRef(trust.ref, trust.commit)} instead; a merge makes these take effect:`,
    ...trust.changes.flatMap((c) => [`!!   ${c.file} ${c.setting}`, `!!     before: ${describeValue(c.before)}`, `!!     after:  ${describeValue(c.after)}`]),
    "",
  ];
}

/** The notice as the first block of a pull-request comment, or undefined. */
export function renderTrustNoticeMarkdown(plan: Plan): string | undefined {
  const trust = plan.trust;
  if (trust === undefined || trust.changes.length === 0) return undefined;
  const rows = trust.changes.map((c) => `| ${escapeTableCell(codeSpan(c.file))} | ${escapeTableCell(codeSpan(c.setting))} | ${cell(c.before)} | ${cell(c.after)} |`);
  return [
    `> [!CAUTION]`,
    `> **${TRUST_NOTICE_TITLE}.** A reviewer with write access must check these values before merging.`,
    `> This plan did not use them: it ran with the values of ${describeRef(trust.ref, trust.commit)}. After a merge Phoenix executes and connects as they say.`,
    "",
    "| file | setting | before | after |",
    "|---|---|---|---|",
    ...rows,
  ].join("\n");
}

function describeRef(ref: string, commit: string | undefined): string {
  return commit === undefined || commit === ref ? ref : `${ref} (${commit.slice(0, 12)})`;
}

function describeValue(value: TrustChange["before"]): string {
  if (value === undefined) return "(not set)";
  return value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
}

function cell(value: TrustChange["before"]): string {
  return value === undefined ? "_(not set)_" : escapeTableCell(codeSpan(describeValue(value).replace(/\r?\n/g, "\\n")));
}
