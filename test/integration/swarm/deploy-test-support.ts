/**
 * Shared by the deploy and rollback integration tests: a real SwarmPort, the
 * test stack of test/unit/swarm/test-stack.ts, and clean-up through
 * `removeStack`, which removes in the order this engine needs.
 */
import { randomBytes } from "node:crypto";
import { createSilentLogger } from "../../../src/logger.js";
import { createDockerClient } from "../../../src/swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../../../src/swarm/dockerode-swarm-port.js";
import type { DeployEvent, DeployOptions } from "../../../src/swarm/deploy-types.js";
import { removeStack } from "../../../src/swarm/remove-stack.js";
import type { SwarmPort } from "../../../src/swarm/swarm-port.js";

export { base64, buildTestService, buildTestStack, TEST_IMAGE, withService } from "../../unit/swarm/test-stack.js";

export async function createTestSwarmPort(): Promise<SwarmPort> {
  return createDockerodeSwarmPort(await createDockerClient());
}

/** `phx<prefix><random>`: unique per run, short enough for `<stack>_<service>` names. */
export function uniqueStackName(prefix: string): string {
  return `phx${prefix}${randomBytes(3).toString("hex")}`;
}

/** Deploy options for tests: no registry (`never`), short verify window, events collected. */
export function testDeployOptions(events: DeployEvent[] = [], overrides: Partial<DeployOptions> = {}): DeployOptions {
  return {
    prune: false,
    resolveImage: "never",
    detach: false,
    compat: false,
    waitTimeoutMs: 60_000,
    monitorMs: 1_000,
    pollIntervalMs: 200,
    logger: createSilentLogger(),
    onEvent: (event) => events.push(event),
    ...overrides,
  };
}

export async function removeTestStack(port: SwarmPort, stack: string): Promise<void> {
  await removeStack(port, stack, { logger: createSilentLogger(), waitTimeoutMs: 60_000 });
}
