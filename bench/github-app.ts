/**
 * The GitHub App end to end: webhook delivery → plan comment posted, and a
 * burst of deliveries. The app runs against the fake GitHub API (every
 * request checked against api.github.com's OpenAPI description), a config
 * repo of N copies of the example `status_page` served by the real
 * `git http-backend`, and the real swarm, on which the repo's base commit is
 * deployed first (STATUS_REPLICAS=0: services without tasks, so 200 stacks
 * cost the shared swarm no containers).
 *
 *   npm run build && npx tsx bench/github-app.ts [--app child|in-process] [--stacks 200]
 *     [--events 100] [--warmup 3] [--pause-ms 1100] [--burst 200] [--burst-pushes 40]
 *     [--burst-prs 10] [--cpu-prof DIR] [--timeout-s 2400]
 *
 * 1. `--events` `pull_request.synchronize` deliveries, one after another, each
 *    for a new head that changes one stack (force-pushed onto the PR branch
 *    just before its delivery). Timed from the POST of the signed delivery to
 *    the moment the fake API records the sticky-comment write naming that
 *    head; the live-state read from the real swarm is part of every plan.
 *    Prints p50/p99 against the aims (p50 < 200 ms, p99 < 500 ms) and where the
 *    time goes, step by step. `--pause-ms` is the idle gap after each run.
 * 2. `--burst` deliveries POSTed at once: PR synchronizes spread over
 *    `--burst-prs` pull requests (a chain of commits each) and
 *    `--burst-pushes` pushes to the default branch (each deploys, coalesced
 *    while queued). Checks that every delivery was answered 2xx and that
 *    nothing was lost: every PR head got its completed check run and every
 *    pushed commit a final `phoenix/sync` status.
 *
 * `--app child` (default) runs `node dist/cli/main.js serve`, the production
 * entry point; `--app in-process` runs the webhook server in this process as
 * the e2e tests do. `--cpu-prof DIR` profiles the app (the child with
 * `node --cpu-prof`; in-process, phase 1 only) and prints the hot spots.
 * Everything is namespaced `ghb<pid>-` and removed at the end.
 */
import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createSilentLogger } from "../src/logger.js";
import { runSync } from "../src/pipeline/run-sync.js";
import { formatSyncRecordName } from "../src/reconcile/sync-record-store.js";
import { openConfigRepo } from "../src/source/open-config-repo.js";
import { createDockerClient } from "../src/swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../src/swarm/dockerode-swarm-port.js";
import { removeStack } from "../src/swarm/remove-stack.js";
import type { SwarmPort } from "../src/swarm/swarm-port.js";
import { startFakeGitHub } from "../test/helpers/fake-github/fake-github-server.js";
import type { RepoFixture } from "../test/helpers/fake-github/webhook-payloads.js";
import { FIXTURE_EPOCH } from "../test/helpers/git-cli.js";
import { createFixtureRepoFromDirectories } from "../test/helpers/git-fixture-repo.js";
import { startGitHttpServer } from "../test/helpers/git-http-server.js";
import { createAppTimeline, nowMs } from "./lib/app-timeline.js";
import { startBenchApp, type AppMode } from "./lib/bench-app.js";
import { planBurst, reportBurst, runBurst } from "./lib/github-app-burst.js";
import { planPullRequestEvents, reportPullRequestEvents, runPullRequestEvents } from "./lib/github-app-events.js";
import { importCommits } from "./lib/import-commits.js";
import { formatMs, percentile } from "./lib/percentile.js";
import { loadStackTemplate, renderStackManifest, stackName, TEMPLATE_MESSAGE, writeStackRepo } from "./lib/stack-repo.js";
import { startCpuProfile, summarizeCpuProfile } from "./lib/cpu-profile.js";

const { values: args } = parseArgs({
  options: {
    app: { type: "string", default: "child" },
    stacks: { type: "string", default: "200" },
    events: { type: "string", default: "100" },
    warmup: { type: "string", default: "3" },
    "pause-ms": { type: "string", default: "1100" },
    burst: { type: "string", default: "200" },
    "burst-pushes": { type: "string", default: "40" },
    "burst-prs": { type: "string", default: "10" },
    "cpu-prof": { type: "string" },
    "timeout-s": { type: "string", default: "2400" },
  },
});
if (args.app !== "child" && args.app !== "in-process") throw new Error(`--app must be child or in-process, not ${args.app}`);
const MODE: AppMode = args.app;
const STACKS = Number(args.stacks);
const BURST = Number(args.burst);
const BURST_PUSHES = Math.min(Number(args["burst-pushes"]), BURST);
const TIMEOUT_MS = Number(args["timeout-s"]) * 1000;
const prefix = `ghb${process.pid}`;
const runStartedMs = Date.now();
const logger = createSilentLogger();
const cleanups: (() => Promise<void>)[] = [];

async function cleanUp(): Promise<void> {
  for (const step of cleanups.splice(0).reverse()) await step().catch((err: unknown) => console.error(`cleanup: ${String(err)}`));
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

/** Removes every stack of this run (services have no tasks, so this is quick), four at a time. */
async function removeBenchStacks(port: SwarmPort): Promise<number> {
  const namespaces = [...(await port.listAllStackObjects()).keys()].filter((ns) => ns.startsWith(`${prefix}-`));
  const queue = [...namespaces];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let ns = queue.shift(); ns !== undefined; ns = queue.shift()) await removeStack(port, ns, { logger });
    }),
  );
  return namespaces.length;
}

try {
  // The config repo, served over smart HTTP with the installation token as the password.
  const snapshot = await mkdtemp(path.join(tmpdir(), "phoenix-bench-gh-"));
  // Its own instance: other Phoenix stacks on the shared swarm are not its orphans, nor its stacks theirs.
  const settings = `instance: ${prefix}\nstackNamespace: "${prefix}-{stack}"\nswarm:\n  resolveImage: never\nwait:\n  timeoutSeconds: 120\n  monitorSeconds: 0\ndrift:\n  intervalMinutes: 0\n`;
  await writeStackRepo(snapshot, { stacks: STACKS, settings, replicas: 0 });
  const repo = await createFixtureRepoFromDirectories([{ dir: snapshot, message: `${STACKS} stacks` }]);
  await rm(snapshot, { recursive: true, force: true });
  cleanups.push(() => repo.remove());
  const base = repo.commits[0] ?? "";
  const github = await startFakeGitHub();
  cleanups.push(() => github.close());
  const timeline = createAppTimeline(github);
  const gitServer = await startGitHttpServer({ repoDir: repo.dir, auth: { username: "x-access-token", password: github.state.token } });
  cleanups.push(() => gitServer.close());
  const fixture: RepoFixture = { owner: "phoenix-bench", name: path.basename(repo.dir), cloneUrl: gitServer.url, defaultBranch: "main", installationId: 4242 };

  // Every head the run will deliver, in one fast-import.
  const template = await loadStackTemplate();
  const changeStack = (index: number, tag: string) => {
    const name = stackName(index % STACKS);
    return { [`stacks/${name}/phoenix.json`]: renderStackManifest(template, name, { replicas: 0, message: `${TEMPLATE_MESSAGE} (${tag})` }) };
  };
  const events = planPullRequestEvents({ count: Number(args.warmup) + Number(args.events), base, changeStack });
  const burst = planBurst({ total: BURST, pushes: BURST_PUSHES, pullRequests: Number(args["burst-prs"]), base, changeStack, firstSpec: events.specs.length });
  const shas = await importCommits(repo.dir, [...events.specs, ...burst.specs], FIXTURE_EPOCH + 3600);

  // The base commit deployed, as a merged push would have left it.
  const port = createDockerodeSwarmPort(await createDockerClient());
  cleanups.push(async () => {
    const removed = await removeBenchStacks(port);
    // The instance's sync record, written by the deploys.
    const record = await port.inspectConfig(formatSyncRecordName(prefix));
    if (record) await port.removeConfig(record.ID);
    console.log(`removed ${removed} bench stacks (${prefix}-*)`);
  });
  let started = nowMs();
  const source = await openConfigRepo({ url: repo.dir });
  const deployed = await runSync({ tree: source.openTree(base), commit: base, port, logger }, { dryRun: false });
  if (!deployed.ok) throw new Error(`initial deploy failed: ${deployed.results.map((r) => `${r.namespace} ${r.outcome} ${r.error ?? ""}`).join("; ")}`);
  const deployMs = nowMs() - started;
  const liveReads: number[] = [];
  for (let i = 0; i < 20; i++) {
    started = nowMs();
    await port.listAllStackObjects();
    liveReads.push(nowMs() - started);
  }

  // The app, with a port that times its live-state reads when it runs here.
  const appLiveReads: { at: number; ms: number }[] = [];
  const timedPort = new Proxy(port, {
    get(target, key, receiver) {
      if (key !== "listAllStackObjects") return Reflect.get(target, key, receiver) as unknown;
      return async () => {
        const at = nowMs();
        const live = await target.listAllStackObjects();
        appLiveReads.push({ at, ms: nowMs() - at });
        return live;
      };
    },
  });
  const cacheDir = await mkdtemp(path.join(tmpdir(), "phoenix-bench-gh-cache-"));
  cleanups.push(() => rm(cacheDir, { recursive: true, force: true }));
  const cpuProfileDir = args["cpu-prof"] === undefined ? undefined : path.resolve(args["cpu-prof"]);
  if (cpuProfileDir) await mkdir(cpuProfileDir, { recursive: true });
  const app = await startBenchApp({ mode: MODE, github, cacheDir, onLog: timeline.onLog, openPort: async () => timedPort, ...(cpuProfileDir ? { cpuProfileDir } : {}) });
  let appClosed = false;
  cleanups.push(async () => {
    if (!appClosed) await app.close();
  });

  console.log(`Phoenix GitHub App, ${app.description}`);
  console.log(`  fake GitHub API on 127.0.0.1, config repo served by git http-backend, real swarm; ${STACKS} stacks (status_page copies, 0 replicas) as ${prefix}-{stack}`);
  console.log(`  base commit deployed beforehand in ${(deployMs / 1000).toFixed(1)} s; the swarm's live state (four list calls) reads in ${formatMs(percentile(liveReads, 50))} p50, measured from the bench`);

  if (events.heads(shas).length > 0) {
    // In-process, the profile covers exactly these deliveries (a child's covers its whole life).
    const profile = cpuProfileDir && MODE === "in-process" ? await startCpuProfile() : undefined;
    const samples = await runPullRequestEvents({ app, timeline, fixture, base, repoDir: repo.dir, heads: events.heads(shas), pauseMs: Number(args["pause-ms"]), timeoutMs: 120_000 });
    await profile?.stop(path.join(cpuProfileDir ?? "", "in-process-pr-events.cpuprofile"));
    reportPullRequestEvents(samples.slice(Number(args.warmup)), { mode: MODE, appLiveReads, timeline });
  }
  if (BURST > 0) {
    const result = await runBurst({ app, timeline, fixture, base, repoDir: repo.dir, plan: burst, shas, timeoutMs: TIMEOUT_MS });
    await reportBurst(result, { timeline, github, port, prefix });
  }
  console.log(`fake GitHub: ${github.requests.length} requests, ${github.violations.length} outside api.github.com's description${github.violations.length > 0 ? `: ${github.violations.slice(0, 3).join("; ")}` : ""}`);

  await app.close();
  appClosed = true;
  if (cpuProfileDir) {
    const print = (title: string, spots: readonly { name: string; share: number }[]) => {
      console.log(`  ${title}:`);
      for (const spot of spots) console.log(`    ${(spot.share * 100).toFixed(1).padStart(5)} %  ${spot.name}`);
    };
    for (const file of (await readdir(cpuProfileDir)).filter((f) => f.endsWith(".cpuprofile"))) {
      const full = path.join(cpuProfileDir, file);
      if ((await stat(full)).mtimeMs < runStartedMs) continue;
      const summary = await summarizeCpuProfile(full);
      console.log(`CPU profile ${full}: ${(summary.busyMs / 1000).toFixed(1)} s busy`);
      print("module anywhere on the stack (inclusive)", summary.modulesInclusive);
      print("self time by module", summary.modules);
      print("self time by function", summary.functions);
    }
  }
} finally {
  await cleanUp();
}
