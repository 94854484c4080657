/**
 * `phoenix stack deploy` against `/usr/bin/docker stack deploy` (20.10) on
 * 20 stacks × 3 services: (a) redeploying all stacks with no change, (b)
 * redeploying them after one service of one stack changed. Prints wall time
 * and write calls (POST/PUT/DELETE) of both, and the ratios, measured in the
 * same run. Both tools talk to the daemon through a counting proxy on a unix
 * socket (docs/stack-deploy.md §9.2); Phoenix's own count (the counting SwarmPort
 * behind `DeployResult.writeCalls`) is printed next to the proxy's.
 *
 *   npx tsx bench/stack-deploy.ts [--stacks 20] [--keep]
 *
 * Phoenix runs in-process and detached (no convergence wait), like the 20.10
 * CLI, which never waits; the CLI's time includes its process start.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { execa } from "execa";
import { runStackDeploy } from "../src/cli/stack/run-stack-deploy.js";
import type { StackContext } from "../src/cli/stack/stack-context.js";
import { createSilentLogger } from "../src/logger.js";
import { createDockerClient } from "../src/swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../src/swarm/dockerode-swarm-port.js";
import type { DeployResult } from "../src/swarm/deploy-types.js";
import { removeStack } from "../src/swarm/remove-stack.js";

const { values: args } = parseArgs({ options: { stacks: { type: "string", default: "20" }, keep: { type: "boolean", default: false } } });
const STACKS = Number(args.stacks);
const CLI = "/usr/bin/docker";
const DAEMON_SOCKET = "/var/run/docker.sock";

/** A byte-for-byte proxy to the daemon that counts write requests by their request line. */
async function startCountingProxy(socketPath: string): Promise<{ writes: () => number; reset: () => void; close: () => void }> {
  let writes = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(DAEMON_SOCKET);
    client.on("data", (chunk: Buffer) => {
      const text = chunk.toString("latin1");
      writes += (text.match(/(?:^|\r\n)(?:POST|PUT|DELETE) \/\S* HTTP\/1\.[01]\r\n/g) ?? []).length;
    });
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return { writes: () => writes, reset: () => (writes = 0), close: () => server.close() };
}

function composeText(stack: number, changed: boolean): string {
  const service = (name: string, env: string) =>
    `  ${name}:\n    image: phoenix-test/busybox:1\n    command: sleep 3600\n    init: true\n    stop_grace_period: 1s\n` +
    `    environment:\n      ROLE: ${name}\n      REV: "${env}"\n` +
    `    deploy:\n      replicas: 1\n      update_config:\n        order: start-first\n`;
  const apiRev = changed && stack === 0 ? "2" : "1";
  return `version: "3.9"\nservices:\n${service("web", "1")}${service("api", apiRev)}${service("worker", "1")}`;
}

async function writeStacks(dir: string, changed: boolean): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < STACKS; i += 1) {
    const file = path.join(dir, `s${i}`, "docker-compose.yml");
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, composeText(i, changed));
    files.push(file);
  }
  return files;
}

interface Measure {
  readonly ms: number;
  readonly proxyWrites: number;
  readonly ownWrites?: number;
}

async function deployAllWithCli(files: readonly string[], proxySocket: string, proxy: { writes: () => number; reset: () => void }): Promise<Measure> {
  proxy.reset();
  const started = performance.now();
  for (const [i, file] of files.entries()) {
    await execa(CLI, ["stack", "deploy", "--resolve-image", "never", "-c", file, `bcli${i}`], {
      env: { DOCKER_HOST: `unix://${proxySocket}` },
    });
  }
  return { ms: performance.now() - started, proxyWrites: proxy.writes() };
}

async function deployAllWithPhoenix(files: readonly string[], context: StackContext, output: string[], proxy: { writes: () => number; reset: () => void }): Promise<Measure> {
  proxy.reset();
  let ownWrites = 0;
  const started = performance.now();
  for (const [i, file] of files.entries()) {
    output.length = 0;
    const options = { composeFile: [file], prune: false, resolveImage: "never", detach: true, compat: false, json: true, withRegistryAuth: false, cliVersion: "20.10" as const, waitTimeoutMs: 60_000 };
    const code = await runStackDeploy(`bphx${i}`, options, { ...context, cwd: path.dirname(file) });
    if (code !== 0) throw new Error(`phoenix deploy of bphx${i} failed: ${output.join("")}`);
    ownWrites += (JSON.parse(output.join("")) as DeployResult).writeCalls.total;
  }
  return { ms: performance.now() - started, proxyWrites: proxy.writes(), ownWrites };
}

function report(label: string, cli: Measure, phoenix: Measure): void {
  const ratio = (a: number, b: number) => (b === 0 ? "∞" : `${(a / b).toFixed(1)}×`);
  console.log(`\n${label}`);
  console.log(`  docker stack deploy (20.10): ${cli.ms.toFixed(0)} ms, ${cli.proxyWrites} write calls`);
  console.log(`  phoenix stack deploy:        ${phoenix.ms.toFixed(0)} ms, ${phoenix.proxyWrites} write calls (SwarmPort count: ${phoenix.ownWrites ?? "-"})`);
  console.log(`  ratio CLI/Phoenix: time ${ratio(cli.ms, phoenix.ms)}, writes ${phoenix.proxyWrites === 0 ? `${cli.proxyWrites} vs 0` : ratio(cli.proxyWrites, phoenix.proxyWrites)}`);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "phoenix-bench-deploy-"));
  const proxySocket = path.join(dir, "docker.sock");
  const proxy = await startCountingProxy(proxySocket);
  const docker = await createDockerClient({ host: `unix://${proxySocket}` });
  const port = createDockerodeSwarmPort(docker);
  const output: string[] = [];
  const context: StackContext = {
    io: { stdout: (t) => output.push(t), stderr: (t) => output.push(t), readStdin: async () => "" },
    env: { HOME: process.env.HOME },
    cwd: dir,
    logger: createSilentLogger(),
    docker: async () => docker,
    port: async () => port,
  };
  try {
    const initial = await writeStacks(dir, false);
    console.log(`${STACKS} stacks × 3 services; first deploy of both sets (not measured)…`);
    await deployAllWithCli(initial, proxySocket, proxy);
    await deployAllWithPhoenix(initial, context, output, proxy);

    report("(a) redeploy, nothing changed", await deployAllWithCli(initial, proxySocket, proxy), await deployAllWithPhoenix(initial, context, output, proxy));
    const changed = await writeStacks(dir, true);
    report("(b) redeploy, one service of one stack changed", await deployAllWithCli(changed, proxySocket, proxy), await deployAllWithPhoenix(changed, context, output, proxy));
  } finally {
    if (!args.keep) {
      const direct = createDockerodeSwarmPort(await createDockerClient());
      for (let i = 0; i < STACKS; i += 1) {
        for (const stack of [`bcli${i}`, `bphx${i}`]) await removeStack(direct, stack, { logger: createSilentLogger() });
      }
      await rm(dir, { recursive: true, force: true });
    }
    proxy.close();
  }
}

await main();
