import type { StackSpec } from "../engine/stack-spec.js";

/** One stack in one environment, converted to the Swarm objects a deploy creates. */
export interface DesiredStack {
  readonly stack: string;
  readonly environment: string;
  /** The Swarm namespace (`com.docker.stack.namespace`), from the repo settings' template. */
  readonly namespace: string;
  readonly spec: StackSpec;
}

/** Service label marking a stack as deployed by Phoenix; its value is the repo settings' `instance` (orphan detection, `phoenix status`). */
export const MANAGED_LABEL = "org.phoenix.managed-by";
/** Service label: the config commit that last changed the service. */
export const COMMIT_LABEL = "org.phoenix.commit";
/** Service label: the stack and environment in the config the service comes from. */
export const SOURCE_LABEL = "org.phoenix.source";
