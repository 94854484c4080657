import { describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { deployStack } from "../../../src/pipeline/deploy-stack.js";
import type { DeployEvent } from "../../../src/swarm/deploy-types.js";
import type { TaskInfo } from "../../../src/engine/engine-objects.js";
import { removeStack } from "../../../src/swarm/remove-stack.js";
import { FakeSwarmPort } from "./fake-swarm-port.js";
import { buildTestStack } from "./test-stack.js";

/** Tasks of removed services linger for a few polls, as containers take time to stop. */
class SlowShutdownPort extends FakeSwarmPort {
  private lingering: TaskInfo[] = [];
  private pollsLeft = 3;

  override async removeService(id: string): Promise<void> {
    this.lingering.push({ ID: `${id}-t`, ServiceID: id, DesiredState: "shutdown", Status: { State: "running" } });
    await super.removeService(id);
  }

  override async listTasks(filter: { service?: string; stack?: string }): Promise<TaskInfo[]> {
    this.calls.push("listTasks");
    if (this.lingering.length > 0 && this.pollsLeft-- <= 0) this.lingering = [];
    return [...(await super.listTasks(filter)), ...this.lingering];
  }
}

async function deployedTestStack(port: FakeSwarmPort): Promise<void> {
  await deployStack(port, buildTestStack("s"), {
    prune: false,
    resolveImage: "never",
    detach: true,
    compat: false,
    waitTimeoutMs: 1_000,
    logger: createSilentLogger(),
  });
  port.calls.length = 0;
}

describe("removeStack", () => {
  it("removes services, waits for their tasks, then secrets, configs and networks, with the CLI's lines", async () => {
    const port = new SlowShutdownPort();
    await deployedTestStack(port);
    const events: DeployEvent[] = [];
    const result = await removeStack(port, "s", { logger: createSilentLogger(), onEvent: (e) => events.push(e), pollIntervalMs: 1 });

    expect(events.map((e) => e.message)).toEqual([
      "Removing service s_api",
      "Removing service s_worker",
      "Removing secret s_token",
      "Removing config s_conf",
      "Removing network s_back",
    ]);
    const calls = port.calls;
    const lastTaskPoll = calls.lastIndexOf("listTasks");
    expect(lastTaskPoll).toBeGreaterThan(calls.indexOf("removeService s_worker") + 3);
    expect(lastTaskPoll).toBeLessThan(calls.indexOf("removeSecret s_token"));
    expect(result).toMatchObject({ nothingFound: false, failures: [], writeCalls: { total: 5 } });
    expect(await port.listStackObjects("s")).toEqual({ services: [], networks: [], secrets: [], configs: [] });
  });

  it("says so when the stack has nothing", async () => {
    const events: DeployEvent[] = [];
    const result = await removeStack(new FakeSwarmPort(), "ghost", { logger: createSilentLogger(), onEvent: (e) => events.push(e) });
    expect(result.nothingFound).toBe(true);
    expect(events).toEqual([{ type: "warning", message: "Nothing found in stack: ghost", stream: "stderr" }]);
  });

  it("goes on after a failed removal and reports it like the CLI", async () => {
    const port = new FakeSwarmPort();
    await deployedTestStack(port);
    const secretId = [...port.secrets.keys()][0] ?? "";
    port.removeSecret = async () => {
      throw Object.assign(new Error("in use"), { statusCode: 400, json: { message: "secret is in use" } });
    };
    const events: DeployEvent[] = [];
    const result = await removeStack(port, "s", { logger: createSilentLogger(), onEvent: (e) => events.push(e), pollIntervalMs: 1 });
    expect(result.failures).toEqual([{ kind: "secret", name: "s_token", id: secretId, message: "secret is in use" }]);
    expect(events.filter((e) => e.stream === "stderr").map((e) => e.message)).toEqual([
      `Failed to remove secret ${secretId}: secret is in use`,
      "Failed to remove some resources from stack: s",
    ]);
    // The CLI goes on with the remaining kinds after a failure.
    expect(await port.inspectNetwork("s_back")).toBeUndefined();
  });
});
