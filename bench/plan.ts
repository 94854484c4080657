/**
 * End-to-end `phoenix plan` on a generated 200-stack config repo: load (JSON,
 * compose, interpolation), conversion, the live-state read from the real
 * swarm, and the plan — after a change to one stack. Prints p50/p90 and peak
 * RSS against the aims (p50 < 300 ms, RSS < 150 MB), and `docker stack
 * config` for one stack measured in the same run as a yardstick.
 *
 *   npx tsx bench/plan.ts [--stacks 200] [--runs 15]
 */
import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { execa } from "execa";
import { createSilentLogger } from "../src/logger.js";
import { createDirectoryTree } from "../src/source/file-tree.js";
import { createDockerClient } from "../src/swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../src/swarm/dockerode-swarm-port.js";
import { runPlan } from "../src/pipeline/run-plan.js";

const { values: args } = parseArgs({ options: { stacks: { type: "string", default: "200" }, runs: { type: "string", default: "15" } } });
const STACKS = Number(args.stacks);
const RUNS = Number(args.runs);
const root = path.resolve(import.meta.dirname, "..");

async function generateRepo(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "phoenix-bench-plan-"));
  await cp(path.join(root, "etc"), path.join(dir, "etc"), { recursive: true });
  // Its entries name the example's stacks, which this repo replaces.
  await rm(path.join(dir, "etc", "phoenix_stacks_config.json"));
  const template = path.join(root, "stacks", "status_page");
  const compose = await readFile(path.join(template, "docker-compose.yml"), "utf8");
  const manifest = await readFile(path.join(template, "phoenix.json"), "utf8");
  const names: string[] = [];
  for (let i = 0; i < STACKS; i++) {
    const name = `s${String(i).padStart(3, "0")}`;
    names.push(name);
    const stackDir = path.join(dir, "stacks", name);
    await mkdir(path.join(stackDir, "configs"), { recursive: true });
    await cp(path.join(template, "configs"), path.join(stackDir, "configs"), { recursive: true });
    await writeFile(path.join(stackDir, "docker-compose.yml"), compose);
    await writeFile(path.join(stackDir, "phoenix.json"), manifest.replaceAll("routers.status.", `routers.${name}.`).replaceAll("services.status.", `services.${name}.`).replaceAll("status.internal", `${name}.internal`));
  }
  const vmsFile = path.join(dir, "etc", "phoenix_vm_configs.json");
  const vms = JSON.parse(await readFile(vmsFile, "utf8")) as { vms: { docker_stacks?: unknown[] }[] };
  let first = true;
  for (const vm of vms.vms) if (vm.docker_stacks) { vm.docker_stacks = first ? names : []; first = false; }
  await writeFile(vmsFile, JSON.stringify(vms, null, 4));
  await mkdir(path.join(dir, ".github"), { recursive: true });
  await writeFile(path.join(dir, ".github", "phoenix.yml"), `stackNamespace: "bench-{stack}"\ninfra:\n  targets:\n    dns: { kind: none }\n    firewall: { kind: none }\n    traefik: { kind: none }\n    nginx: { kind: none }\n`);
  return dir;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const dir = await generateRepo();
const port = createDockerodeSwarmPort(await createDockerClient());
const logger = createSilentLogger();
const times: number[] = [];
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
try {
  for (let i = 0; i < RUNS + 2; i++) {
    // A one-stack change between runs, as a commit would make.
    const file = path.join(dir, "stacks", "s007", "phoenix.json");
    await writeFile(file, (await readFile(file, "utf8")).replace(/All systems operational( \d+)?/, `All systems operational ${i}`));
    const started = performance.now();
    const run = await runPlan({ tree: createDirectoryTree(dir), port, logger });
    const elapsed = performance.now() - started;
    if (!run.plan) throw new Error(`plan failed: ${run.diagnostics.map((d) => d.message).join("; ")}`);
    if (run.plan.stacks.length < STACKS) throw new Error(`expected ${STACKS} stacks, planned ${run.plan.stacks.length}`);
    if (i >= 2) times.push(elapsed); // two warm-up runs
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const cliTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await execa("/usr/local/bin/docker", ["stack", "config", "-c", path.join(dir, "stacks", "s000", "docker-compose.yml")], { env: { STATUS_MESSAGE: "x" } });
    cliTimes.push(performance.now() - started);
  }
  const p50 = percentile(times, 50);
  console.log(`phoenix plan, ${STACKS} stacks, one changed (load + convert + live read + plan), ${RUNS} runs:`);
  console.log(`  p50 ${p50.toFixed(0)} ms, p90 ${percentile(times, 90).toFixed(0)} ms  (aim < 300 ms: ${(p50 / 300).toFixed(2)}x of the aim)`);
  console.log(`  peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB  (aim < 150 MB: ${(peakRss / 2 ** 20 / 150).toFixed(2)}x of the aim)`);
  console.log(`  docker stack config of ONE stack (28.2 CLI), p50 ${percentile(cliTimes, 50).toFixed(0)} ms: phoenix plans ${STACKS} stacks in ${(p50 / percentile(cliTimes, 50)).toFixed(2)}x that`);
} finally {
  clearInterval(sampler);
  await rm(dir, { recursive: true, force: true });
}
