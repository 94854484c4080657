import type { Plan } from "../plan/plan.js";
import { formatFieldChange } from "./describe-plan.js";
import { changedNodes, describeTopologyHeading, isTopologyNotable, listTopologyLines } from "./describe-topology.js";
import type { CommentPart } from "./fit-markdown-comment.js";
import { codeSpan, detailsBlock, escapeHtml } from "./markdown-syntax.js";

/**
 * The collapsed `Swarm nodes` block of the PR comment: the VM ↔ node mapping
 * and each node's label changes; left out where it says nothing (one node
 * that plays every VM by default, and no change).
 */
export function renderTopologyDetails(plan: Plan): CommentPart[] {
  if (!isTopologyNotable(plan)) return [];
  const mapping = listTopologyLines(plan);
  const nodes = changedNodes(plan);
  if (mapping.length === 0 && nodes.length === 0) return [];
  const changes = nodes.map((n) => [`**node** ${codeSpan(n.node)}: update`, ...n.fields.map((f) => `- ${formatFieldChange(f, { path: codeSpan, value: codeSpan })}`)].join("\n"));
  const body = [mapping.map((line) => `- ${escapeHtml(line)}`).join("\n"), ...changes].filter((t) => t !== "").join("\n\n");
  return [{ kind: "details", label: "the Swarm nodes", text: detailsBlock(escapeHtml(describeTopologyHeading(plan)), body) }];
}
