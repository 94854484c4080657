import type { Logger } from "../logger.js";
import type { InfraOutputId } from "../infra/rendered-output.js";
import { applyDeployment } from "../infra/targets/apply-deployment.js";
import type { InfraDeployment } from "../infra/targets/deployment.js";
import { InfraApplyError } from "../infra/targets/infra-apply-error.js";

/**
 * - `applied`: the changed files were validated, written, reloaded and probed;
 * - `unchanged`: the target already held them when apply read it again;
 * - `restored`: writing, reloading or probing failed and the previous files are back;
 * - `failed`: nothing was written (validation refused the files, the target
 *   could not be reached) or putting the previous files back failed too.
 */
export type InfraSyncOutcome = "applied" | "unchanged" | "failed" | "restored";

export interface InfraSyncResult {
  readonly output: InfraOutputId;
  /** The target, as `local`, `lxc 102` or `ssh root@pve`. */
  readonly target: string;
  readonly outcome: InfraSyncOutcome;
  /** Paths the apply changed (and kept): empty unless `applied`. */
  readonly changed: readonly string[];
  readonly error?: string;
}

/** Applies one output through `applyDeployment`, which restores the target itself; a failure is a result, not a throw. */
export async function applyInfraOutput(deployment: InfraDeployment, log: Logger): Promise<InfraSyncResult> {
  const base = { output: deployment.output, target: deployment.target.description };
  log.info(base, "infra output applying");
  try {
    const applied = await applyDeployment(deployment, log);
    return { ...base, outcome: applied.status, changed: applied.changed };
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    const restored = err instanceof InfraApplyError && err.phase !== "validate" && err.restored;
    log.error({ ...base, restored, err: error }, "infra output failed");
    return { ...base, outcome: restored ? "restored" : "failed", changed: [], error };
  }
}
