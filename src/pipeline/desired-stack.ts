import type { StackSpec } from "../engine/stack-spec.js";

/** One stack in one environment, converted to the Swarm objects a deploy creates. */
export interface DesiredStack {
  readonly stack: string;
  readonly environment: string;
  /** The Swarm namespace (`com.docker.stack.namespace`), from the repo settings' template. */
  readonly namespace: string;
  readonly spec: StackSpec;
}
