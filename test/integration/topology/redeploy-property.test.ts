/**
 * "Deploy, then redeploy the same file = 0 write calls; a one-field edit =
 * exactly one service updated", on the two-node swarm, for every
 * conformance fixture and our own redeploy fixtures (with each CLI version
 * Phoenix imitates that reads the file) and for a bounded sample of generated
 * stack files over the whole schema (PHOENIX_PROPERTY_RUNS, default 20).
 * Deploys are detached: the property is about what is written, not tasks.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { parseDocument } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runStackDeploy } from "../../../src/cli/stack/run-stack-deploy.js";
import type { StackContext } from "../../../src/cli/stack/stack-context.js";
import type { ComposeCompat } from "../../../src/compose/compose-compat.js";
import type { DeployResult } from "../../../src/swarm/deploy-types.js";
import { removeStack } from "../../../src/swarm/remove-stack.js";
import type { CountingSwarmPort } from "../../../src/swarm/counting-swarm-port.js";
import { createDockerClient } from "../../../src/swarm/docker-client.js";
import { EXTERNAL_OBJECTS } from "../conformance/conformance-cases.js";
import { listRedeployCases } from "../../helpers/redeploy-cases.js";
import { ensureTwoNodeSwarm, TWO_NODE_SWARM } from "../../helpers/two-node-swarm.js";
import { stackFileArbitrary } from "../../helpers/compose-arbitrary.js";
import { logger, openManagerPort } from "./topology-repo.js";

const swarm = await ensureTwoNodeSwarm();
const PREFIX = "trp";
const RUNS = Number(process.env.PHOENIX_PROPERTY_RUNS ?? "20");
const cases = listRedeployCases().filter((c) => c.loadOnly === undefined);

describe.skipIf(!swarm.available)("deploy, then redeploy: no write; one field edited: one service updated", () => {
  let port: CountingSwarmPort;
  let work: string;

  async function deploy(dir: string, file: string, stack: string, env: Record<string, string>, cliVersion: ComposeCompat): Promise<{ result: DeployResult; writes: number; updates: number; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const docker = await createDockerClient({ host: TWO_NODE_SWARM.manager.host });
    const context: StackContext = {
      io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => "" },
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", ...env },
      cwd: dir,
      logger,
      docker: async () => docker,
      port: async () => port,
    };
    port.resetWriteCalls();
    const options = { composeFile: [file], prune: false, resolveImage: "never", detach: true, compat: false, json: true, withRegistryAuth: false, cliVersion, waitTimeoutMs: 60_000 };
    await runStackDeploy(stack, options, context);
    const result = JSON.parse(stdout || "{}") as DeployResult;
    return { result, writes: port.writeCalls.total, updates: port.writeCalls.byMethod.updateService, stderr };
  }

  /** A copy of the case's directory whose compose file gets one more deploy label on its first service. */
  async function editOneField(dir: string, file: string): Promise<string> {
    const copy = await mkdtemp(path.join(work, "edit-"));
    await cp(dir, copy, { recursive: true });
    const doc = parseDocument(await readFile(file, "utf8"));
    const services = (doc.toJS() as { services: Record<string, { deploy?: { labels?: unknown } | null }> }).services;
    const first = Object.keys(services)[0] ?? "";
    const deploy = services[first]?.deploy;
    if (deploy === null || deploy === undefined) doc.setIn(["services", first, "deploy"], doc.createNode({ labels: { "org.phoenix.test.edit": "1" } }));
    else if (Array.isArray(deploy.labels)) doc.addIn(["services", first, "deploy", "labels"], "org.phoenix.test.edit=1");
    else doc.setIn(["services", first, "deploy", "labels", "org.phoenix.test.edit"], "1");
    const edited = path.join(copy, "docker-compose.edited.yml");
    await writeFile(edited, doc.toString());
    return edited;
  }

  async function checkProperty(dir: string, file: string, stack: string, env: Record<string, string>, cliVersion: ComposeCompat): Promise<void> {
    try {
      const first = await deploy(dir, file, stack, env, cliVersion);
      expect({ stack, outcome: first.result.outcome, error: first.result.error }).toEqual({ stack, outcome: "applied", error: undefined });
      const again = await deploy(dir, file, stack, env, cliVersion);
      expect({ stack, writes: again.writes, changes: again.result.objects?.filter((o) => o.action !== "unchanged") }).toEqual({ stack, writes: 0, changes: [] });
      const edited = await editOneField(dir, file);
      const third = await deploy(path.dirname(edited), edited, stack, env, cliVersion);
      expect({ stack, writes: third.writes, updates: third.updates }).toEqual({ stack, writes: 1, updates: 1 });
    } finally {
      await removeStack(port, stack, { logger });
    }
  }

  beforeAll(async () => {
    port = await openManagerPort();
    work = await mkdtemp(path.join(os.tmpdir(), "phoenix-redeploy-"));
    for (const ns of (await port.listAllStackObjects()).keys()) if (ns.startsWith(PREFIX)) await removeStack(port, ns, { logger });
    if ((await port.inspectNetwork(EXTERNAL_OBJECTS.network)) === undefined)
      await port.createNetwork({ Name: EXTERNAL_OBJECTS.network, Driver: "overlay", Attachable: true, Labels: {} });
    const data = Buffer.from("external\n").toString("base64");
    if ((await port.inspectSecret(EXTERNAL_OBJECTS.secret)) === undefined) await port.createSecret({ Name: EXTERNAL_OBJECTS.secret, Labels: {}, Data: data });
    if ((await port.inspectConfig(EXTERNAL_OBJECTS.config)) === undefined) await port.createConfig({ Name: EXTERNAL_OBJECTS.config, Labels: {}, Data: data });
  }, 120_000);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  for (const testCase of cases) {
    for (const cliVersion of testCase.compats) {
      it(`${testCase.name} (${cliVersion})`, async () => {
        const env = { ...testCase.env, ...(testCase.sideEnv === undefined ? {} : { [testCase.sideEnv]: "p" }) };
        await checkProperty(testCase.dir, testCase.composeFile, `${PREFIX}${testCase.index}v${cliVersion.replace(".", "")}`, env, cliVersion);
      });
    }
  }

  it(`holds for ${RUNS} generated stack files`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(stackFileArbitrary, async (generated) => {
        const dir = await mkdtemp(path.join(work, "gen-"));
        const file = path.join(dir, "docker-compose.yml");
        await writeFile(file, generated.text);
        for (const [name, content] of Object.entries(generated.files)) await writeFile(path.join(dir, name), content);
        // Each file with one CLI version it is read by, in turn, so both versions' paths are sampled.
        const cliVersion = generated.compats[n % generated.compats.length] ?? "28.2";
        await checkProperty(dir, file, `${PREFIX}g${n++}`, {}, cliVersion);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 600_000);
});
