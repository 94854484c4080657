/**
 * Differential conformance (docs/stack-deploy.md §9.2): every fixture is deployed
 * with the real `/usr/bin/docker stack deploy` (20.10) to `cfa<n>` and with
 * `phoenix stack deploy` to `cfb<n>`; the swarm objects both leave behind must
 * be identical after normalisation, and error cases must fail on both sides
 * with the same message. Deploys do not wait for convergence; all stacks are
 * removed together at the end.
 */
import type Docker from "dockerode";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runStackDeploy } from "../../../src/cli/stack/run-stack-deploy.js";
import type { StackContext } from "../../../src/cli/stack/stack-context.js";
import { createSilentLogger } from "../../../src/logger.js";
import { createDockerClient } from "../../../src/swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../../../src/swarm/dockerode-swarm-port.js";
import { cleanUpStacks } from "./clean-up-stacks.js";
import { EXTERNAL_OBJECTS, listConformanceCases, type ConformanceCase } from "./conformance-cases.js";
import { snapshotStack, type StackSnapshot } from "./snapshot-stack.js";

const REFERENCE_CLI = "/usr/bin/docker";
const STACK_PATTERN = /^cf[ab]\d+$/;
const cases = listConformanceCases();

interface SideResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  snapshot?: StackSnapshot;
}

const results = new Map<string, { cli: SideResult; phoenix: SideResult }>();
let docker: Docker;

function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root" };
}

function sideEnv(testCase: ConformanceCase, side: "a" | "b"): Record<string, string> {
  return { ...baseEnv(), ...testCase.env, ...(testCase.sideEnv === undefined ? {} : { [testCase.sideEnv]: side }) };
}

async function deployWithCli(testCase: ConformanceCase): Promise<SideResult> {
  const result = await execa(REFERENCE_CLI, ["stack", "deploy", "--resolve-image", "never", "-c", testCase.composeFile, `cfa${testCase.index}`], {
    cwd: testCase.dir,
    env: sideEnv(testCase, "a"),
    extendEnv: false,
    reject: false,
  });
  return { exitCode: result.exitCode ?? 1, stdout: result.stdout, stderr: result.stderr };
}

async function deployWithPhoenix(testCase: ConformanceCase, port: ReturnType<typeof createDockerodeSwarmPort>): Promise<SideResult> {
  let stdout = "";
  let stderr = "";
  const context: StackContext = {
    io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => "" },
    env: sideEnv(testCase, "b"),
    cwd: testCase.dir,
    logger: createSilentLogger(),
    docker: async () => docker,
    port: async () => port,
  };
  const options = {
    composeFile: [testCase.composeFile],
    prune: false,
    resolveImage: "never",
    detach: true,
    compat: false,
    json: false,
    withRegistryAuth: false,
    cliVersion: "20.10" as const,
    waitTimeoutMs: 60_000,
  };
  const exitCode = await runStackDeploy(`cfb${testCase.index}`, options, context);
  return { exitCode, stdout, stderr };
}

async function createExternalObjects(): Promise<void> {
  const exists = async (kind: string, name: string) =>
    (await execa(REFERENCE_CLI, [kind, "inspect", name], { reject: false })).exitCode === 0;
  if (!(await exists("network", EXTERNAL_OBJECTS.network))) {
    await execa(REFERENCE_CLI, ["network", "create", "--driver", "overlay", "--attachable", EXTERNAL_OBJECTS.network]);
  }
  for (const kind of ["secret", "config"] as const) {
    if (!(await exists(kind, EXTERNAL_OBJECTS[kind]))) await execa(REFERENCE_CLI, [kind, "create", EXTERNAL_OBJECTS[kind], "-"], { input: "external\n" });
  }
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

beforeAll(async () => {
  docker = await createDockerClient();
  await cleanUpStacks(docker, (stack) => STACK_PATTERN.test(stack));
  await createExternalObjects();
  const port = createDockerodeSwarmPort(docker);
  await forEachLimited(cases, 3, async (testCase) => {
    const cliStack = `cfa${testCase.index}`;
    if (testCase.sequential) {
      const cli = await deployWithCli(testCase);
      cli.snapshot = await snapshotStack(docker, cliStack, "a");
      await cleanUpStacks(docker, (stack) => stack === cliStack);
      results.set(testCase.name, { cli, phoenix: await deployWithPhoenix(testCase, port) });
      return;
    }
    const [cli, phoenix] = await Promise.all([deployWithCli(testCase), deployWithPhoenix(testCase, port)]);
    results.set(testCase.name, { cli, phoenix });
  });
  await forEachLimited(cases, 4, async (testCase) => {
    const result = results.get(testCase.name);
    if (result === undefined || testCase.error !== undefined) return;
    result.cli.snapshot ??= await snapshotStack(docker, `cfa${testCase.index}`, "a");
    result.phoenix.snapshot = await snapshotStack(docker, `cfb${testCase.index}`, "b");
  });
}, 240_000);

afterAll(async () => {
  if (docker !== undefined) await cleanUpStacks(docker, (stack) => STACK_PATTERN.test(stack));
  for (const kind of ["network", "secret", "config"] as const) {
    await execa(REFERENCE_CLI, [kind, "rm", EXTERNAL_OBJECTS[kind]], { reject: false });
  }
}, 120_000);

describe("phoenix stack deploy matches docker stack deploy (20.10)", () => {
  it("has at least 40 fixture cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const testCase of cases) {
    it(testCase.name, () => {
      const result = results.get(testCase.name);
      expect(result, "both tools ran").toBeDefined();
      if (result === undefined) return;
      if (testCase.error !== undefined) {
        expect(result.cli.exitCode, `CLI stderr: ${result.cli.stderr}`).toBe(1);
        expect(result.cli.stderr).toContain(testCase.error);
        expect(result.phoenix.exitCode, `Phoenix stderr: ${result.phoenix.stderr}`).toBe(1);
        expect(result.phoenix.stderr).toContain(testCase.error);
        return;
      }
      expect(result.cli.exitCode, `CLI stderr: ${result.cli.stderr}`).toBe(0);
      expect(result.phoenix.exitCode, `Phoenix stderr: ${result.phoenix.stderr}`).toBe(0);
      expect(result.cli.snapshot?.services, "the CLI deployed services").not.toEqual({});
      expect(result.phoenix.snapshot).toEqual(result.cli.snapshot);
      // The same lines on stdout, once stack names are aligned (order is random in the CLI).
      const lines = (text: string, stack: string) =>
        text
          .split("\n")
          .filter((l) => l !== "")
          .map((l) => l.replaceAll(stack, "<stack>").replace(/-[ab]$/, "-<side>"))
          .sort();
      expect(lines(result.phoenix.stdout, `cfb${testCase.index}`)).toEqual(lines(result.cli.stdout, `cfa${testCase.index}`));
      // The same warnings on stderr (ignored options, logrus warnings), timestamps aside.
      const warnings = (text: string, stack: string) => lines(text.replace(/time="[^"]*"/g, 'time="<t>"'), stack);
      expect(warnings(result.phoenix.stderr, `cfb${testCase.index}`)).toEqual(warnings(result.cli.stderr, `cfa${testCase.index}`));
    });
  }
});
