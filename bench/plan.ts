/**
 * `phoenix plan` for a one-stack change on a generated config repo of 200
 * stacks and 2,000 commits: load (JSON, compose, interpolation) at both
 * commits, changed paths and impact, conversion, the live-state read from the
 * real swarm, and the plan. Measured two ways in the same run:
 *
 * - the controller (`phoenix serve`, one process): each adjacent commit pair
 *   planned like a pull request, head against base;
 * - the CLI, one process per plan: `phoenix plan --repo DIR --ref HEAD --base
 *   BASE --json`, wall time and peak RSS (the kernel's VmHWM).
 *
 * Prints p50/p90 and peak RSS against the aims (p50 < 300 ms, RSS < 150 MB),
 * and `docker stack config` of one stack as a yardstick. Needs `npm run build`.
 *
 *   npx tsx bench/plan.ts [--stacks 200] [--commits 2000] [--runs 15] [--cli-runs 7]
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { execa } from "execa";
import { createSilentLogger } from "../src/logger.js";
import { openConfigRepo } from "../src/source/open-config-repo.js";
import { createDockerClient } from "../src/swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../src/swarm/dockerode-swarm-port.js";
import { runPlan } from "../src/pipeline/run-plan.js";
import { runGit } from "../test/helpers/git-cli.js";
import { importCommits, type CommitSpec } from "./lib/import-commits.js";
import { percentile } from "./lib/percentile.js";
import { loadStackTemplate, renderStackManifest, stackName, writeStackRepo } from "./lib/stack-repo.js";

const { values: args } = parseArgs({
  options: {
    stacks: { type: "string", default: "200" },
    commits: { type: "string", default: "2000" },
    runs: { type: "string", default: "15" },
    "cli-runs": { type: "string", default: "7" },
  },
});
const STACKS = Number(args.stacks);
const COMMITS = Number(args.commits);
const RUNS = Number(args.runs);
const CLI_RUNS = Number(args["cli-runs"]);
const root = path.resolve(import.meta.dirname, "..");
const cli = path.join(root, "dist", "cli", "main.js");
if (!existsSync(cli)) throw new Error("bench/plan.ts runs the built CLI: run `npm run build` first");

/** The repo: one commit with every stack, then COMMITS commits that each change one stack's message. */
async function generateRepo(): Promise<{ dir: string; commits: string[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), "phoenix-bench-plan-"));
  await writeStackRepo(dir, { stacks: STACKS, settings: 'instance: bench-plan\nstackNamespace: "bench-plan-{stack}"\n' });
  await runGit(dir, ["init", "--quiet", "--initial-branch=main"]);
  await runGit(dir, ["add", "--all"]);
  await runGit(dir, ["commit", "--quiet", "-m", "200 stacks"]);
  const first = await runGit(dir, ["rev-parse", "HEAD"]);
  const template = await loadStackTemplate();
  const specs: CommitSpec[] = Array.from({ length: COMMITS }, (_, i) => {
    const name = stackName((i * 7) % STACKS);
    return { parent: i === 0 ? first : i - 1, message: `change ${name}`, files: { [`stacks/${name}/phoenix.json`]: renderStackManifest(template, name, { message: `Status ${i}` }) } };
  });
  const commits = [first, ...(await importCommits(dir, specs, 1_704_067_200))];
  await runGit(dir, ["update-ref", "refs/heads/main", commits[commits.length - 1] ?? first]);
  return { dir, commits };
}

/** Runs the CLI once; peak RSS is the kernel's high-water mark, read until the process is gone. */
async function runCliPlan(dir: string, base: string, head: string): Promise<{ ms: number; peakRss: number }> {
  const started = performance.now();
  const child = execa("node", [cli, "plan", "--repo", dir, "--ref", head, "--base", base, "--json"], { reject: false });
  let peakRss = 0;
  const sample = async () => {
    const status = await readFile(`/proc/${child.pid}/status`, "utf8").catch(() => "");
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    if (kb !== undefined) peakRss = Math.max(peakRss, Number(kb) * 1024);
  };
  const sampler = setInterval(() => void sample(), 5);
  const result = await child;
  clearInterval(sampler);
  const ms = performance.now() - started;
  if (result.exitCode !== 2) throw new Error(`phoenix plan exited ${result.exitCode}: ${result.stderr}`);
  const plan = JSON.parse(result.stdout) as { impact?: { stacks: unknown[] } };
  if (plan.impact?.stacks.length !== 1) throw new Error(`expected one affected stack, got ${JSON.stringify(plan.impact?.stacks)}`);
  return { ms, peakRss };
}

const mb = (bytes: number) => bytes / 2 ** 20;
const { dir, commits } = await generateRepo();
const port = createDockerodeSwarmPort(await createDockerClient());
const logger = createSilentLogger();
try {
  // The controller: one process, one open repository, a pull request per adjacent pair.
  const repo = await openConfigRepo({ url: dir, logger });
  const times: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const head = commits[commits.length - RUNS - 2 + i] as string;
    const base = commits[commits.length - RUNS - 3 + i] as string;
    const started = performance.now();
    const run = await runPlan({ tree: repo.openTree(head), commit: head, baseTree: repo.openTree(base), base, port, logger });
    const elapsed = performance.now() - started;
    if (!run.plan) throw new Error(`plan failed: ${run.diagnostics.map((d) => d.message).join("; ")}`);
    if (run.plan.impact?.stacks.length !== 1) throw new Error(`expected one affected stack, got ${run.plan.impact?.stacks.length}`);
    if (i >= 2) times.push(elapsed); // two warm-up runs
  }

  // The CLI: a new process per plan, as a CI job or a terminal runs it.
  const cliRuns: { ms: number; peakRss: number }[] = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    const head = commits[commits.length - 1 - i] as string;
    cliRuns.push(await runCliPlan(dir, commits[commits.length - 2 - i] as string, head));
  }

  const yardstick: number[] = [];
  const checkout = path.join(dir, "stacks", stackName(0), "docker-compose.yml");
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await execa("/usr/local/bin/docker", ["stack", "config", "-c", checkout], { env: { STATUS_MESSAGE: "x" } });
    yardstick.push(performance.now() - started);
  }

  const p50 = percentile(times, 50);
  const cliP50 = percentile(cliRuns.map((r) => r.ms), 50);
  const cliRss = Math.max(...cliRuns.map((r) => r.peakRss));
  const stackConfig = percentile(yardstick, 50);
  console.log(`phoenix plan, ${STACKS} stacks, ${commits.length} commits, one stack changed between base and head (load both + impact + convert + live read + plan):`);
  console.log(`  controller (one process, ${RUNS} pull requests): p50 ${p50.toFixed(0)} ms, p90 ${percentile(times, 90).toFixed(0)} ms  (aim < 300 ms: ${(p50 / 300).toFixed(2)}x of the aim)`);
  console.log(`  CLI (a process per plan, ${CLI_RUNS} runs): p50 ${cliP50.toFixed(0)} ms, p90 ${percentile(cliRuns.map((r) => r.ms), 90).toFixed(0)} ms  (aim < 300 ms: ${(cliP50 / 300).toFixed(2)}x of the aim)`);
  console.log(`  CLI peak RSS ${mb(cliRss).toFixed(0)} MB  (aim < 150 MB: ${(mb(cliRss) / 150).toFixed(2)}x of the aim)`);
  console.log(`  docker stack config of ONE stack (28.2 CLI), p50 ${stackConfig.toFixed(0)} ms: the controller plans ${STACKS} stacks in ${(p50 / stackConfig).toFixed(2)}x that, the CLI in ${(cliP50 / stackConfig).toFixed(2)}x`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
