import { InfraError } from "../../errors.js";

export type ApplyPhase = "validate" | "write" | "reload" | "probe";

/** An apply that stopped: where it stopped, what was wrong, and whether the previous files are back. */
export class InfraApplyError extends InfraError {
  readonly phase: ApplyPhase;
  readonly problems: readonly string[];
  /** True when every file written by this apply was put back (and the daemon reloaded with it). */
  readonly restored: boolean;

  constructor(p: { output: string; target: string; phase: ApplyPhase; problems: readonly string[]; restored: boolean; cause?: unknown }) {
    const codes: Record<ApplyPhase, string> = {
      validate: "INFRA_VALIDATION_FAILED",
      write: "INFRA_WRITE_FAILED",
      reload: "INFRA_RELOAD_FAILED",
      probe: "INFRA_PROBE_FAILED",
    };
    const outcome = p.phase === "validate" ? "nothing was written" : p.restored ? "the previous files were restored" : "restoring the previous files failed";
    super("apply", codes[p.phase], `${p.output} on ${p.target}: ${p.phase} failed (${outcome}): ${p.problems.join("; ")}`, {
      hint: p.phase === "validate" ? "fix the config repo; the target still holds the previous files" : undefined,
      cause: p.cause,
    });
    this.phase = p.phase;
    this.problems = p.problems;
    this.restored = p.restored;
  }
}
