import type { DesiredState } from "../config/desired-state.js";
import type { ChangedAreas } from "./classify-changed-paths.js";
import { isPathWithin, normalizeRepoPath } from "./classify-changed-paths.js";
import { isSameValue, limitList } from "./comparable-value.js";
import { MAX_PATHS_PER_REASON, type StackImpact } from "./impact.js";
import { listChangedEnvironmentPaths, listStackDeployments, listStackPaths, type StackDeployment } from "./stack-deployments.js";

/**
 * Stacks whose deployment differs: where they run (assignment), their
 * compose files, what their deployed environments consume, or the content
 * of a file they mount. A stack no VM deploys, before or after, is not
 * affected whatever changes in it.
 */
export function analyzeStackImpact(areas: ChangedAreas, before: DesiredState | undefined, after: DesiredState): StackImpact[] {
  const names = new Set([...after.stacks.keys(), ...(before?.stacks.keys() ?? []), ...after.assignments.map((a) => a.stack), ...(before?.assignments.map((a) => a.stack) ?? [])]);
  const out: StackImpact[] = [];
  for (const name of [...names].sort()) {
    if (!isCandidate(areas, name, before, after)) continue;
    const reasons = describeStackChanges(areas, name, before, after);
    if (reasons.length > 0) out.push({ name, reasons });
  }
  return out;
}

/** The fast filter: a stack is compared only when a changed path can reach it. */
function isCandidate(areas: ChangedAreas, name: string, before: DesiredState | undefined, after: DesiredState): boolean {
  // The central stacks file and the VMs' docker_stacks can touch any stack; settings change the default environment.
  if (areas.everything || areas.stacksConfig || areas.vm || areas.settings) return true;
  const stacks = [before?.stacks.get(name), after.stacks.get(name)].filter((s) => s !== undefined);
  const paths = stacks.flatMap(listStackPaths);
  return [...areas.paths].some((changed) => paths.some((p) => isPathWithin(changed, p)));
}

function describeStackChanges(areas: ChangedAreas, name: string, before: DesiredState | undefined, after: DesiredState): string[] {
  const old = before === undefined ? [] : listStackDeployments(before, name);
  const now = listStackDeployments(after, name);
  if (old.length === 0 && now.length === 0) return [];
  if (now.length === 0) return [after.stacks.has(name) ? `no longer deployed (was ${describeWhere(old)})` : `removed from the config (was ${describeWhere(old)})`];
  if (old.length === 0) return [before === undefined ? `deployed ${describeWhere(now)} (no earlier state)` : `newly deployed ${describeWhere(now)}`];

  const reasons: string[] = [];
  const oldFiles = before?.stacks.get(name)?.composeFiles ?? [];
  const newFiles = after.stacks.get(name)?.composeFiles ?? [];
  if (!isSameValue(oldFiles, newFiles)) reasons.push(`compose files changed: ${oldFiles.join(", ") || "none"} → ${newFiles.join(", ") || "none"}`);
  const [oldStack, newStack] = [before?.stacks.get(name), after.stacks.get(name)];
  if (oldStack && newStack && oldStack.placement !== newStack.placement) reasons.push(`placement changed: ${oldStack.placement} → ${newStack.placement}`);
  const dependencies = (stack: typeof newStack) => (stack?.dependsOn ?? []).map((d) => d.stack).sort();
  if (oldStack && newStack && !isSameValue(dependencies(oldStack), dependencies(newStack))) reasons.push("depends_on changed");
  const oldByEnv = new Map(old.map((d) => [d.environment, d]));
  for (const deployment of now) {
    const previous = oldByEnv.get(deployment.environment);
    if (previous === undefined) reasons.push(`newly deployed ${describeWhere([deployment])}`);
    else reasons.push(...compareDeployments(areas, previous, deployment));
  }
  const nowEnvs = new Set(now.map((d) => d.environment));
  for (const previous of old) if (!nowEnvs.has(previous.environment)) reasons.push(`no longer deployed ${describeWhere([previous])}`);
  return reasons;
}

function compareDeployments(areas: ChangedAreas, previous: StackDeployment, current: StackDeployment): string[] {
  const reasons: string[] = [];
  const env = current.environment;
  if (!isSameValue(previous.vmids, current.vmids)) reasons.push(`${env}: moved from ${describeVms(previous.vmids)} to ${describeVms(current.vmids)}`);
  for (const group of listChangedEnvironmentPaths(previous, current)) {
    reasons.push(`${env}: ${group.file === undefined ? "" : `${group.file}: `}${limitList(group.paths, MAX_PATHS_PER_REASON)} changed`);
  }
  for (const file of current.files) {
    if (file.repoPath !== undefined && areas.paths.has(normalizeRepoPath(file.repoPath)))
      reasons.push(`${env}: file ${file.repoPath} changed (mounted at ${file.target})`);
  }
  return reasons;
}

function describeWhere(deployments: readonly StackDeployment[]): string {
  return deployments.map((d) => `${d.environment} on ${describeVms(d.vmids)}`).join(", ");
}

function describeVms(vmids: readonly string[]): string {
  return `${vmids.length === 1 ? "VM" : "VMs"} ${vmids.join(", ")}`;
}
