/**
 * Phase 1 of bench/github-app.ts: pull request synchronize deliveries one at
 * a time, each timed from its POST to the sticky-comment write for its head.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { buildPullRequestPayload, type RepoFixture } from "../../test/helpers/fake-github/webhook-payloads.js";
import { runGit } from "../../test/helpers/git-cli.js";
import type { AppTimeline } from "./app-timeline.js";
import { nowMs } from "./app-timeline.js";
import { signDelivery, type AppMode, type BenchApp } from "./bench-app.js";
import type { CommitSpec } from "./import-commits.js";
import { formatMs, percentile } from "./percentile.js";

const PLAN_CHECK = "phoenix/plan";
const AIM_P50_MS = 200;
const AIM_P99_MS = 500;

export interface PullRequestEventsPlan {
  readonly specs: readonly CommitSpec[];
  /** The head of each delivery, from the shas `importCommits` returned for these specs (they come first). */
  heads(shas: readonly string[]): string[];
}

/** One head per delivery, each the base plus a change to one stack: a force-pushed one-stack pull request. */
export function planPullRequestEvents(options: { count: number; base: string; changeStack: (index: number, tag: string) => Record<string, string> }): PullRequestEventsPlan {
  const specs = Array.from({ length: options.count }, (_, k) => ({ parent: options.base, files: options.changeStack(k, `pr-${k}`), message: `pr head ${k}` }));
  return { specs, heads: (shas) => shas.slice(0, options.count) };
}

export interface EventSample {
  readonly head: string;
  readonly status: number;
  readonly sentAt: number;
  readonly answeredAt: number;
  readonly checkCreatedAt: number;
  /** The end of the last fetch (the head's; a base the cache holds is not fetched), from the app's log. */
  readonly fetchedAt: number;
  /** `durationMs` of each fetch, from the app's log. */
  readonly fetchMs: readonly number[];
  /** Whether the head came with one request (the commit named, no ref listing). */
  readonly oneRequest: boolean;
  /** Why the server refused a one-request fetch, as logged. */
  readonly refused: string | undefined;
  /** The app logged the plan computed and rendered ("pull request planned"). */
  readonly plannedAt: number;
  readonly commentAt: number;
  readonly checkDoneAt: number;
  readonly conclusion: string;
}

interface RunOptions {
  readonly app: BenchApp;
  readonly timeline: AppTimeline;
  readonly fixture: RepoFixture;
  readonly base: string;
  readonly repoDir: string;
  readonly heads: readonly string[];
  readonly pauseMs: number;
  readonly timeoutMs: number;
}

export async function runPullRequestEvents(options: RunOptions): Promise<EventSample[]> {
  const { app, timeline, fixture, base } = options;
  const samples: EventSample[] = [];
  for (const [k, head] of options.heads.entries()) {
    // The force push first, as on GitHub: the branch is at the head when its event arrives.
    await runGit(options.repoDir, ["update-ref", "refs/heads/feature", head]);
    const id = `bench-pr-${k}`;
    const delivery = signDelivery("pull_request", id, buildPullRequestPayload("synchronize", fixture, { number: 1, headSha: head, headRef: "feature", baseRef: "main", baseSha: base }));
    const sentAt = nowMs();
    const status = await app.send(delivery);
    const answeredAt = nowMs();
    const key = `${PLAN_CHECK} ${head}`;
    await timeline.waitUntil(() => timeline.checksCompleted.has(key), options.timeoutMs, () => `the ${PLAN_CHECK} check run of ${head} (delivery ${id})`);
    const commentAt = timeline.commentWrites.get(head)?.[0]?.at;
    if (commentAt === undefined) throw new Error(`delivery ${id}: the check run completed but no plan comment names ${head}; check: ${JSON.stringify(timeline.checksCompleted.get(key))}`);
    const checkCreatedAt = timeline.checksCreated.get(key) ?? Number.NaN;
    const fetches = timeline.logsOf(id).filter((r) => r.msg === "config repo fetched");
    const fetchedAt = fetches.at(-1)?.time ?? Number.NaN;
    const plannedAt = timeline.logsOf(id).find((r) => r.msg === "pull request planned")?.time ?? Number.NaN;
    const done = timeline.checksCompleted.get(key);
    const fetchMs = fetches.map((r) => Number(r.durationMs));
    const oneRequest = fetches.at(-1)?.oneRequest === true;
    const refused = fetches.at(-1)?.oneRequestRefused;
    samples.push({ head, status, sentAt, answeredAt, checkCreatedAt, fetchedAt, fetchMs, oneRequest, refused: typeof refused === "string" ? refused : undefined, plannedAt, commentAt, checkDoneAt: done?.at ?? Number.NaN, conclusion: done?.conclusion ?? "" });
    await sleep(options.pauseMs);
  }
  return samples;
}

export function reportPullRequestEvents(samples: readonly EventSample[], context: { mode: AppMode; appLiveReads: readonly { at: number; ms: number }[]; timeline: AppTimeline }): void {
  const latency = samples.map((s) => s.commentAt - s.sentAt);
  const p50 = percentile(latency, 50);
  const p99 = percentile(latency, 99);
  const ok = samples.filter((s) => s.status >= 200 && s.status < 300).length;
  const success = samples.filter((s) => s.conclusion === "success").length;
  console.log(`delivery → plan comment posted: ${samples.length} pull_request.synchronize deliveries, one at a time (each head changes one stack; the plan reads the live swarm):`);
  console.log(`  p50 ${formatMs(p50).padStart(9)}   aim < ${formatMs(AIM_P50_MS)}: ${(p50 / AIM_P50_MS).toFixed(2)}x of the aim`);
  console.log(`  p99 ${formatMs(p99).padStart(9)}   aim < ${formatMs(AIM_P99_MS)}: ${(p99 / AIM_P99_MS).toFixed(2)}x of the aim`);
  console.log(`  min ${formatMs(Math.min(...latency))}, max ${formatMs(Math.max(...latency))}; ${ok}/${samples.length} answered 2xx; ${success}/${samples.length} checks success`);
  const fifth = Math.max(1, Math.floor(samples.length / 5));
  const trend = (values: number[]) => `${formatMs(percentile(values.slice(0, fifth), 50))} → ${formatMs(percentile(values.slice(-fifth), 50))}`;
  const fetching = samples.map((s) => s.fetchedAt - s.sentAt);
  const planning = samples.map((s) => s.plannedAt - s.fetchedAt);
  console.log(`  trend, p50 of the first ${fifth} → of the last ${fifth}: delivery → comment ${trend(latency)}; delivery → fetched ${trend(fetching)}; plan ${trend(planning)}`);
  const step = (label: string, values: number[]) => console.log(`    ${label.padEnd(64)} ${formatMs(percentile(values, 50)).padStart(9)}  (p99 ${formatMs(percentile(values, 99))})`);
  console.log("  where the time goes (p50 of each step; p50s need not add up):");
  step("webhook answered (HTTP 200, the run is queued)", samples.map((s) => s.answeredAt - s.sentAt));
  step("delivery → check run created (in progress; beside the fetch)", samples.map((s) => s.checkCreatedAt - s.sentAt));
  step("delivery → head fetched (git)", fetching);
  step(`  of which the head's fetch (as logged; ${samples.filter((s) => s.oneRequest).length}/${samples.length} with one request)`, samples.map((s) => s.fetchMs.at(-1) ?? Number.NaN));
  const refusals = [...new Set(samples.flatMap((s) => (s.refused === undefined ? [] : [s.refused])))];
  if (refusals.length > 0) console.log(`      one-request fetches refused: ${refusals.slice(0, 3).join("; ")}`);
  step("fetched → planned (merge base, load, live read, plan, render)", planning);
  step("planned → comment written (lookup ran beside the plan)", samples.map((s) => s.commentAt - s.plannedAt));
  step("comment written → check run completed", samples.map((s) => s.checkDoneAt - s.commentAt));
  if (context.mode === "in-process") {
    const reads = samples.flatMap((s) => context.appLiveReads.filter((r) => r.at >= s.sentAt && r.at <= s.plannedAt).map((r) => r.ms));
    step("  of the plan: the live-state read (4 Engine API lists)", reads);
  }
}
