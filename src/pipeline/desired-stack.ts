import type { StackPlacement } from "../config/desired-state.js";
import type { StackSpec } from "../engine/stack-spec.js";

/** One stack in one environment, converted to the Swarm objects a deploy creates. */
export interface DesiredStack {
  readonly stack: string;
  readonly environment: string;
  /** The Swarm namespace (`com.docker.stack.namespace`), from the repo settings' template. */
  readonly namespace: string;
  /** The VMs whose `docker_stacks` list it in this environment, in assignment order. */
  readonly vmids: readonly string[];
  /** `placement` of its phoenix.json. */
  readonly placement: StackPlacement;
  readonly spec: StackSpec;
}
