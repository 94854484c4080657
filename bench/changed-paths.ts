/**
 * Changed-path detection between adjacent commits: isomorphic-git tree diff
 * (src/source/list-changed-paths.ts) against a spawned `git diff --name-only`.
 *
 *   npx tsx bench/changed-paths.ts [--stacks 200] [--commits 2000] [--pairs 200] [--keep]
 *
 * Generates a bare repo with `git fast-import` (N stacks of docker-compose.yml
 * + phoenix.json, a few etc/*.json, each later commit touching one or two
 * files), repacks it as a server would send it, then times both sides on the
 * same commit pairs and checks that they agree.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { execa } from "execa";
import { createGitObjectStore, type GitObjectStore } from "../src/source/git-object-store.js";
import { listChangedPaths } from "../src/source/list-changed-paths.js";

const { values: args } = parseArgs({
  options: {
    stacks: { type: "string", default: "200" },
    commits: { type: "string", default: "2000" },
    pairs: { type: "string", default: "200" },
    keep: { type: "boolean", default: false },
  },
});
const STACKS = Number(args.stacks);
const COMMITS = Number(args.commits);
const PAIRS = Number(args.pairs);
const ETC_FILES = ["vms", "dns", "firewall", "traefik", "nginx", "certs", "networks", "volumes"].map((n) => `etc/${n}.json`);
const GIT_ENV = { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };

/** Deterministic PRNG (mulberry32) so every run benchmarks the same repo. */
function createRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const stackName = (i: number): string => `stack-${String(i).padStart(3, "0")}`;
const composeFile = (i: number, version: number): string =>
  `services:\n  app:\n    image: registry.example/${stackName(i)}:${version}\n    deploy:\n      replicas: ${1 + (version % 3)}\n    environment:\n      STACK: ${stackName(i)}\n`;
const manifestFile = (i: number, version: number): string => `{\n  "name": "${stackName(i)}",\n  "vm": "vm-${i % 7}",\n  "revision": ${version}\n}\n`;

/** A fast-import stream: one commit with every file, then commits touching one or two files each. */
function buildFastImportStream(): string {
  const random = createRandom(20_240_101);
  const out: string[] = [];
  const inline = (file: string, content: string): void => {
    out.push(`M 100644 inline ${file}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
  };
  const header = (n: number, message: string): void => {
    out.push(`commit refs/heads/main\nmark :${n + 1}\ncommitter Phoenix Bench <bench@phoenix.invalid> ${1_704_067_200 + n * 60} +0000\n`);
    out.push(`data ${Buffer.byteLength(message)}\n${message}\n`);
    if (n > 0) out.push(`from :${n}\n`);
  };
  header(0, "initial");
  for (let i = 0; i < STACKS; i++) {
    inline(`stacks/${stackName(i)}/docker-compose.yml`, composeFile(i, 0));
    inline(`stacks/${stackName(i)}/phoenix.json`, manifestFile(i, 0));
  }
  for (const file of ETC_FILES) inline(file, `{ "file": "${file}", "revision": 0 }\n`);
  for (let n = 1; n < COMMITS; n++) {
    header(n, `change ${n}`);
    const touches = random() < 0.3 ? 2 : 1;
    for (let t = 0; t < touches; t++) {
      if (random() < 0.1) {
        const file = ETC_FILES[Math.floor(random() * ETC_FILES.length)] as string;
        inline(file, `{ "file": "${file}", "revision": ${n} }\n`);
      } else {
        const i = Math.floor(random() * STACKS);
        if (random() < 0.5) inline(`stacks/${stackName(i)}/docker-compose.yml`, composeFile(i, n));
        else inline(`stacks/${stackName(i)}/phoenix.json`, manifestFile(i, n));
      }
    }
  }
  return out.join("");
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface Timing {
  readonly label: string;
  readonly samples: number[];
}

function summarize({ label, samples }: Timing): string {
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const f = (n: number): string => n.toFixed(3).padStart(8);
  return `${label.padEnd(48)} p50 ${f(percentile(samples, 50))} ms   p90 ${f(percentile(samples, 90))} ms   mean ${f(mean)} ms`;
}

async function timeDiff(store: GitObjectStore, from: string, to: string): Promise<number> {
  const started = performance.now();
  await listChangedPaths(store, from, to);
  return performance.now() - started;
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), "phoenix-bench-"));
  const gitdir = path.join(root, "config.git");
  try {
    let started = performance.now();
    await execa("git", ["init", "--quiet", "--bare", "--initial-branch=main", gitdir], { env: GIT_ENV });
    await execa("git", ["fast-import", "--quiet"], { cwd: gitdir, env: GIT_ENV, input: buildFastImportStream() });
    // One pack with ordinary deltas, like the pack a server sends on clone.
    await execa("git", ["repack", "-a", "-d", "-f", "-q"], { cwd: gitdir, env: GIT_ENV });
    console.log(`repo: ${STACKS} stacks, ${COMMITS} commits, generated and packed in ${((performance.now() - started) / 1000).toFixed(1)} s (${gitdir})`);

    const commits = (await execa("git", ["rev-list", "--reverse", "main"], { cwd: gitdir, env: GIT_ENV })).stdout.split("\n");
    // Consecutive pairs from the middle of history, as a controller meets them push after push.
    const first = Math.max(1, Math.floor((commits.length - PAIRS) / 2));
    const pairs: Array<readonly [string, string]> = [];
    for (let i = first; i < commits.length && pairs.length < PAIRS; i++) pairs.push([commits[i - 1] as string, commits[i] as string]);

    // Correctness first: both sides must name the same files for every pair.
    const checkStore = createGitObjectStore({ gitdir });
    for (const [from, to] of pairs) {
      const ours = (await listChangedPaths(checkStore, from, to)).map((c) => c.path).join("\n");
      const theirs = (await execa("git", ["diff", "--name-only", "--no-renames", from, to], { cwd: gitdir, env: GIT_ENV })).stdout;
      if (ours !== theirs.split("\n").sort().join("\n")) throw new Error(`disagreement on ${from}..${to}:\n${ours}\n---\n${theirs}`);
    }

    // Interleaved, so that both sides see the same machine load at the same moment.
    // warm: one store, pairs in commit order (a long-running controller: the "from" trees are
    // the previous pair's "to" trees, already parsed);
    // shuffled: one store, the same pairs in random order (no help from the previous pair);
    // cold: a new store per pair, so pack index and pack are loaded each time (a CLI run).
    const random = createRandom(7);
    const shuffled = pairs.map((pair) => ({ pair, key: random() })).sort((a, b) => a.key - b.key).map((e) => e.pair);
    const warmStore = createGitObjectStore({ gitdir });
    const shuffledStore = createGitObjectStore({ gitdir });
    const git: Timing = { label: "git diff --name-only (spawned)", samples: [] };
    const warm: Timing = { label: "isomorphic-git, warm store, commit order", samples: [] };
    const scattered: Timing = { label: "isomorphic-git, warm store, shuffled pairs", samples: [] };
    const cold: Timing = { label: "isomorphic-git, new store per pair (first 20)", samples: [] };
    for (const [index, [from, to]] of pairs.entries()) {
      // git last: the exit of its child process would otherwise land inside the next timing.
      warm.samples.push(await timeDiff(warmStore, from, to));
      const [otherFrom, otherTo] = shuffled[index] as readonly [string, string];
      scattered.samples.push(await timeDiff(shuffledStore, otherFrom, otherTo));
      if (index < 20) cold.samples.push(await timeDiff(createGitObjectStore({ gitdir }), from, to));
      started = performance.now();
      await execa("git", ["diff", "--name-only", from, to], { cwd: gitdir, env: GIT_ENV });
      git.samples.push(performance.now() - started);
    }

    console.log(`pairs: ${pairs.length} adjacent commit pairs, results identical to git on every pair`);
    for (const timing of [git, warm, scattered, cold]) console.log(summarize(timing));
    const gitP50 = percentile(git.samples, 50);
    for (const timing of [warm, scattered, cold]) {
      console.log(`ratio p50 ${timing.label}: ${(percentile(timing.samples, 50) / gitP50).toFixed(2)}x git (target <= 1.5x)`);
    }
  } finally {
    if (args.keep) console.log(`kept ${gitdir}`);
    else await rm(root, { recursive: true, force: true });
  }
}

await main();
