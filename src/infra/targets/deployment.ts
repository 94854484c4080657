import type { InfraOutputId } from "../rendered-output.js";
import type { DesiredFile, Target } from "./target.js";

/**
 * One output on one target: the files, how to check them with the real tool
 * before they replace anything, how the daemon picks them up, and how to tell
 * that it still works afterwards.
 */
export interface InfraDeployment {
  readonly output: InfraOutputId;
  readonly target: Target;
  readonly files: readonly DesiredFile[];
  /** Problems found in the candidate files; empty when they may be written. */
  readonly validate: (target: Target, files: readonly DesiredFile[]) => Promise<string[]>;
  /** Makes the daemon use the files on the target; throws on failure. */
  readonly reload?: (target: Target) => Promise<void>;
  /** Checks that the daemon serves as expected; throws on failure. */
  readonly probe?: () => Promise<void>;
}
