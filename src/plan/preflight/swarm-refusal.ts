import type { StackSpec } from "../../engine/stack-spec.js";
import type { Severity } from "../../errors.js";

/** One stack as it will be deployed: its config name and its converted spec. */
export interface StackToCheck {
  readonly stack: string;
  readonly environment: string;
  readonly namespace: string;
  readonly spec: StackSpec;
}

/**
 * Something the Swarm would refuse (or never schedule) only in the middle
 * of a sync, found before anything is written. It names the compose entry
 * that causes it; the pipeline positions it in the stack's compose files.
 */
export interface SwarmRefusal {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly stack: string;
  /** The compose service name (without the namespace). */
  readonly service: string;
  /** The compose list the entry is in, below `services.<service>`. */
  readonly list: readonly string[];
  /** Which item of that list (as written) caused it; the list itself when none matches (an interpolated value). */
  readonly matches: (raw: unknown) => boolean;
}
