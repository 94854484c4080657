import type { CheckAnnotation } from "./build-annotations.js";

/** A check run's outcome as the renderers build it and `completeCheckRun` posts it. */
export interface CheckRunResult {
  /** `action_required`: a person must look before merging (a change of what Phoenix executes or connects to). */
  readonly conclusion: "success" | "failure" | "neutral" | "action_required";
  readonly title: string;
  readonly summary: string;
  readonly text?: string;
  readonly annotations?: readonly CheckAnnotation[];
}
