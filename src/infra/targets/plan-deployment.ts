import { createTwoFilesPatch } from "diff";
import type { InfraOutputId } from "../rendered-output.js";
import type { InfraDeployment } from "./deployment.js";
import { entryMatches, type DesiredFile, type TargetEntry } from "./target.js";

export type FileChangeKind = "create" | "update" | "delete" | "unchanged";

export interface FileChange {
  readonly path: string;
  readonly change: FileChangeKind;
  /** Unified diff of what the target holds against what is desired; empty when unchanged. */
  readonly diff: string;
}

export interface DeploymentPlan {
  readonly output: InfraOutputId;
  readonly target: string;
  readonly files: readonly FileChange[];
  readonly hasChanges: boolean;
}

/** What an apply would change, read from the target; writes nothing (dry-run and drift checks). */
export async function planDeployment(deployment: InfraDeployment): Promise<DeploymentPlan> {
  const files: FileChange[] = [];
  for (const file of deployment.files) {
    const current = await deployment.target.read(file.path);
    files.push(describeChange(file, current));
  }
  return { output: deployment.output, target: deployment.target.description, files, hasChanges: files.some((f) => f.change !== "unchanged") };
}

/** Drift: a target no longer holds what the config renders. Same computation as the plan, read as a yes/no. */
export async function detectDrift(deployments: readonly InfraDeployment[]): Promise<DeploymentPlan[]> {
  const plans = await Promise.all(deployments.map(planDeployment));
  return plans.filter((p) => p.hasChanges);
}

export function describeChange(file: DesiredFile, current: TargetEntry): FileChange {
  if (entryMatches(file, current)) return { path: file.path, change: "unchanged", diff: "" };
  const oldText = entryText(current);
  const newText = file.kind === "file" ? file.content : file.kind === "symlink" ? `symlink → ${file.linkTarget}\n` : "";
  const change: FileChangeKind = file.kind === "absent" ? "delete" : current.type === "missing" ? "create" : "update";
  return { path: file.path, change, diff: createTwoFilesPatch(file.path, file.path, oldText, newText, "current", "desired") };
}

function entryText(entry: TargetEntry): string {
  return entry.type === "file" ? entry.content : entry.type === "symlink" ? `symlink → ${entry.linkTarget}\n` : "";
}
