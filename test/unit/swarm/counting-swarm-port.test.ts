import { describe, expect, it } from "vitest";
import { createCountingSwarmPort, subtractWriteCallCounts } from "../../../src/swarm/counting-swarm-port.js";
import { FakeSwarmPort } from "./fake-swarm-port.js";

describe("createCountingSwarmPort", () => {
  it("counts writes by method and ignores reads", async () => {
    const port = createCountingSwarmPort(new FakeSwarmPort());
    await port.createNetwork({ Name: "s_net", Driver: "overlay", Labels: { "com.docker.stack.namespace": "s" } });
    await port.createSecret({ Name: "s_tok", Labels: {}, Data: "eA==" });
    await port.inspectNetwork("s_net");
    await port.listStackObjects("s");
    await port.listTasks({ stack: "s" });
    expect(port.writeCalls.total).toBe(2);
    expect(port.writeCalls.byMethod).toMatchObject({ createNetwork: 1, createSecret: 1, updateService: 0 });
  });

  it("counts a write the daemon rejects: it was still a request", async () => {
    const fake = new FakeSwarmPort();
    const port = createCountingSwarmPort(fake);
    const { id } = await port.createSecret({ Name: "s_tok", Labels: {}, Data: "eA==" });
    await expect(port.updateSecret(id, 0, { Name: "s_tok", Labels: {}, Data: "eQ==" })).rejects.toThrow(/out of sequence/);
    expect(port.writeCalls.byMethod.updateSecret).toBe(1);
  });

  it("keeps the methods of a class-based port and can be reset", async () => {
    const port = createCountingSwarmPort(new FakeSwarmPort());
    const before = port.writeCalls;
    await port.createConfig({ Name: "s_c", Labels: {}, Data: "eA==" });
    expect(subtractWriteCallCounts(port.writeCalls, before).total).toBe(1);
    port.resetWriteCalls();
    expect(port.writeCalls.total).toBe(0);
    expect((await port.getNodeState()).isManager).toBe(true);
  });
});
