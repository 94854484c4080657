/**
 * Phase 2 of bench/github-app.ts: a burst of deliveries POSTed at once, pull
 * request synchronizes and pushes to the default branch mixed, then the
 * checks that none was lost.
 */
import { buildPullRequestPayload, buildPushPayload, type RepoFixture } from "../../test/helpers/fake-github/webhook-payloads.js";
import type { FakeGitHub } from "../../test/helpers/fake-github/fake-github-server.js";
import { runGit } from "../../test/helpers/git-cli.js";
import { COMMIT_LABEL } from "../../src/engine/stack-labels.js";
import type { SwarmPort } from "../../src/swarm/swarm-port.js";
import { nowMs, type AppTimeline } from "./app-timeline.js";
import { signDelivery, type BenchApp, type SignedDelivery } from "./bench-app.js";
import type { CommitSpec } from "./import-commits.js";
import { formatMs, percentile } from "./percentile.js";

const SYNC = "phoenix/sync";
const PLAN = "phoenix/plan";
/** GitHub gives up on a delivery that is not answered within 10 s. */
const GITHUB_TIMEOUT_MS = 10_000;
const FIRST_BURST_PR = 101;

type BurstItem = { readonly kind: "pr"; readonly pr: number; readonly spec: number } | { readonly kind: "push"; readonly spec: number; readonly before: number | undefined };

export interface BurstPlan {
  readonly specs: readonly CommitSpec[];
  /** Index of this plan's first spec among all specs imported together. */
  readonly firstSpec: number;
  readonly items: readonly BurstItem[];
  /** Per pull request, the spec of its last commit (its branch tip). */
  readonly prTips: readonly number[];
}

interface PlanOptions {
  readonly total: number;
  readonly pushes: number;
  readonly pullRequests: number;
  readonly base: string;
  readonly changeStack: (index: number, tag: string) => Record<string, string>;
  readonly firstSpec: number;
}

/** Commit chains: one per pull request (a commit per delivery), one on the default branch (a commit per push). */
export function planBurst(options: PlanOptions): BurstPlan {
  const prEvents = options.total - options.pushes;
  const prs = prEvents === 0 ? 0 : Math.max(1, Math.min(options.pullRequests, prEvents));
  const specs: CommitSpec[] = [];
  let stack = 500; // away from the stacks phase 1 changed
  const add = (parent: number | undefined, tag: string): number => {
    const index = stack++;
    specs.push({ parent: parent === undefined ? options.base : options.firstSpec + parent, files: options.changeStack(index, tag), message: tag });
    return specs.length - 1;
  };
  const chains: number[][] = Array.from({ length: prs }, () => []);
  for (let e = 0; e < prEvents; e++) {
    const chain = chains[e % prs] ?? [];
    chain.push(add(chain.at(-1), `burst pr ${e % prs} commit ${chain.length}`));
  }
  const pushes: number[] = [];
  for (let k = 0; k < options.pushes; k++) pushes.push(add(pushes.at(-1), `burst push ${k}`));

  // PR events round-robin over the pull requests, in chain order; pushes spread evenly among them.
  const prItems: BurstItem[] = [];
  for (let round = 0; prItems.length < prEvents; round++) {
    chains.forEach((chain, pr) => {
      const spec = chain[round];
      if (spec !== undefined) prItems.push({ kind: "pr", pr, spec });
    });
  }
  const items: BurstItem[] = [];
  let nextPush = 0;
  for (let i = 0; i < options.total; i++) {
    const pushAt = Math.floor(((nextPush + 0.5) * options.total) / Math.max(1, options.pushes));
    const push = pushes[nextPush];
    if (push !== undefined && i >= pushAt) {
      items.push({ kind: "push", spec: push, before: pushes[nextPush - 1] });
      nextPush++;
    } else {
      const item = prItems.shift();
      if (item) items.push(item);
    }
  }
  return { specs, firstSpec: options.firstSpec, items, prTips: chains.map((c) => c.at(-1) ?? -1) };
}

interface Answer {
  readonly kind: "pr" | "push";
  readonly status: number;
  readonly at: number;
  readonly error?: string;
}

export interface BurstResult {
  readonly plan: BurstPlan;
  readonly startedAt: number;
  readonly answers: readonly Answer[];
  readonly prHeads: readonly string[];
  readonly pushShas: readonly string[];
  readonly runIds: readonly string[];
  readonly shaOf: (spec: number) => string;
}

interface RunOptions {
  readonly app: BenchApp;
  readonly timeline: AppTimeline;
  readonly fixture: RepoFixture;
  readonly base: string;
  readonly repoDir: string;
  readonly plan: BurstPlan;
  readonly shas: readonly string[];
  readonly timeoutMs: number;
}

export async function runBurst(options: RunOptions): Promise<BurstResult> {
  const { plan, fixture, timeline } = options;
  const shaOf = (spec: number): string => options.shas[plan.firstSpec + spec] ?? "";
  const branch = (pr: number) => `burst-${pr}`;
  const pushes = plan.items.filter((i) => i.kind === "push");
  // The refs as the pushes left them: every branch at its tip, the default branch at the newest push.
  const refs = plan.prTips.map((tip, pr) => `update refs/heads/${branch(pr)} ${shaOf(tip)}`);
  const lastPush = pushes.at(-1);
  if (lastPush) refs.push(`update refs/heads/main ${shaOf(lastPush.spec)}`);
  await runGit(options.repoDir, ["update-ref", "--stdin"], { input: `${refs.join("\n")}\n` });

  const deliveries: (SignedDelivery & { kind: "pr" | "push" })[] = plan.items.map((item, i) => {
    const id = `bench-burst-${i}`;
    const payload =
      item.kind === "pr"
        ? signDelivery("pull_request", id, buildPullRequestPayload("synchronize", fixture, { number: FIRST_BURST_PR + item.pr, headSha: shaOf(item.spec), headRef: branch(item.pr), baseRef: "main", baseSha: options.base }))
        : signDelivery("push", id, buildPushPayload(fixture, { branch: "main", before: item.before === undefined ? options.base : shaOf(item.before), after: shaOf(item.spec) }));
    return { ...payload, kind: item.kind };
  });
  const prHeads = plan.items.flatMap((i) => (i.kind === "pr" ? [shaOf(i.spec)] : []));
  const pushShas = pushes.map((i) => shaOf(i.spec));
  const planned = () => prHeads.filter((h) => options.timeline.checksCompleted.has(`${PLAN} ${h}`)).length;
  const final = () => pushShas.filter((sha) => isFinal(timeline.statusesOf(SYNC, sha).at(-1)?.state)).length;

  const startedAt = nowMs();
  const answers = await Promise.all(
    deliveries.map(async (d): Promise<Answer> => {
      try {
        return { kind: d.kind, status: await options.app.send(d), at: nowMs() };
      } catch (err) {
        return { kind: d.kind, status: 0, at: nowMs(), error: String(err) };
      }
    }),
  );
  const progress = setInterval(() => console.log(`  … ${((nowMs() - startedAt) / 1000).toFixed(0)} s: ${planned()}/${prHeads.length} PR heads planned, ${final()}/${pushShas.length} pushes with a final status`), 30_000);
  try {
    await timeline.waitUntil(
      () => planned() === prHeads.length && final() === pushShas.length,
      options.timeoutMs,
      () => `the burst: ${planned()}/${prHeads.length} PR heads planned, ${final()}/${pushShas.length} pushes with a final status`,
    );
  } finally {
    clearInterval(progress);
  }
  return { plan, startedAt, answers, prHeads, pushShas, runIds: deliveries.map((d) => d.id), shaOf };
}

function isFinal(state: string | undefined): boolean {
  return state !== undefined && state !== "pending";
}

interface ReportContext {
  readonly timeline: AppTimeline;
  readonly github: FakeGitHub;
  readonly port: SwarmPort;
  readonly prefix: string;
}

export async function reportBurst(result: BurstResult, context: ReportContext): Promise<void> {
  const { timeline, github } = context;
  const { startedAt, answers, prHeads, pushShas, plan } = result;
  const since = (at: number) => at - startedAt;
  const answered = answers.filter((a) => a.status >= 200 && a.status < 300);
  const answerMs = answers.map((a) => since(a.at));
  const prAnswers = answers.filter((a) => a.kind === "pr").map((a) => since(a.at));
  const pushAnswers = answers.filter((a) => a.kind === "push").map((a) => since(a.at));
  console.log(`burst: ${answers.length} deliveries POSTed at once (${prHeads.length} pull_request.synchronize on ${plan.prTips.length} PRs, ${pushShas.length} pushes to main):`);
  const byStatus = [...new Set(answers.map((a) => a.status))].sort((a, b) => a - b).map((code) => `${answers.filter((a) => a.status === code).length}× ${code}`);
  console.log(`  answered 2xx: ${answered.length}/${answers.length} (${byStatus.join(", ")}; 202 is the webhook middleware's "still processing" after 9 s), lost: ${answers.length - answered.length}${answers.some((a) => a.error) ? ` (${answers.find((a) => a.error)?.error ?? ""})` : ""}`);
  console.log(`  all answered after ${formatMs(Math.max(...answerMs))} (p50 ${formatMs(percentile(answerMs, 50))}; PR events max ${formatMs(Math.max(0, ...prAnswers))}, pushes max ${formatMs(Math.max(0, ...pushAnswers))}); over GitHub's 10 s delivery timeout: ${answerMs.filter((ms) => ms > GITHUB_TIMEOUT_MS).length}`);

  const checks = prHeads.map((h) => timeline.checksCompleted.get(`${PLAN} ${h}`));
  const success = checks.filter((c) => c?.conclusion === "success").length;
  const commentWrites = timeline.requests.filter((r) => r.at >= startedAt && (r.operationId === "issues/update-comment" || r.operationId === "issues/create-comment") && String((r.body as { body?: unknown }).body).startsWith("<!-- phoenix:plan -->")).length;
  const tipsNamed = plan.prTips.filter((tip, pr) => github.state.comments.some((c) => c.issueNumber === FIRST_BURST_PR + pr && c.body.includes(`Commit ${result.shaOf(tip)}`))).length;
  const moved = result.runIds.filter((id) => timeline.logsOf(id).some((r) => r.msg === "pull request head moved")).length;
  console.log(`  PR heads: ${checks.filter(Boolean).length}/${prHeads.length} with a completed ${PLAN} check run (${success} success); ${commentWrites} plan comment writes; the final comment of ${tipsNamed}/${plan.prTips.length} PRs names the branch tip`);
  if (moved > 0) console.log(`    ${moved} deliveries planned the branch's newer tip: their own head was not fetched (a shallow fetch of a new branch brings the tip only), as documented`);

  const finals = pushShas.map((sha) => timeline.statusesOf(SYNC, sha));
  const pending = finals.filter((s) => s.some((x) => x.state === "pending")).length;
  const last = finals.map((s) => s.at(-1));
  const superseded = last.filter((s) => s?.description.startsWith("superseded by")).length;
  const syncRuns = pushShas.filter((sha) => timeline.checksCreated.has(`${SYNC} ${sha}`)).length;
  console.log(`  pushes: ${last.filter((s) => isFinal(s?.state)).length}/${pushShas.length} with a final ${SYNC} status (${last.filter((s) => s?.state === "success").length} success, ${superseded} of them "superseded by"), ${pending}/${pushShas.length} got "pending" first; sync runs that deployed: ${syncRuns}`);
  const newest = pushShas.at(-1);
  const newestStack = plan.items.filter((i) => i.kind === "push").at(-1);
  if (newest !== undefined && newestStack !== undefined) {
    // The stack the newest push changed carries its commit; the others keep older ones.
    const stack = Object.keys(plan.specs[newestStack.spec]?.files ?? {})[0]?.split("/")[1] ?? "";
    const ns = `${context.prefix}-${stack}`;
    const services = await context.port.listStackServices(ns);
    const runs = services[0]?.Spec.Labels?.[COMMIT_LABEL];
    console.log(`  the swarm runs the newest pushed commit: ${runs === newest ? "yes" : `no (${ns} carries ${runs ?? "no commit label"})`}`);
  }
  reportDeployWaits(result, timeline);
  const prsDoneMs = since(Math.max(startedAt, ...checks.map((c) => c?.at ?? startedAt)));
  const pushesDoneMs = since(Math.max(startedAt, ...last.map((s) => s?.at ?? startedAt)));
  const doneMs = Math.max(prsDoneMs, pushesDoneMs);
  console.log(`  every delivery's work done after ${(doneMs / 1000).toFixed(1)} s: PR plans after ${(prsDoneMs / 1000).toFixed(1)} s (${(prHeads.length / (prsDoneMs / 1000)).toFixed(1)}/s), pushes' final statuses after ${(pushesDoneMs / 1000).toFixed(1)} s (syncs and plans of a repository run in separate lanes)`);
}

/** A deploy must start within this long of its push's answer or of the end of the repository's previous sync, whichever is later. */
const DEPLOY_START_AIM_MS = 5_000;

/**
 * Whether any deploy waited behind plans: each sync run's start (its
 * `phoenix/sync` check run created) against the later of its push's answer
 * and the previous sync run's end (its check run completed).
 */
function reportDeployWaits(result: BurstResult, timeline: AppTimeline): void {
  const answeredAt = new Map<string, number>();
  result.plan.items.forEach((item, i) => {
    if (item.kind === "push") answeredAt.set(result.shaOf(item.spec), result.answers[i]?.at ?? result.startedAt);
  });
  const runs = result.pushShas
    .flatMap((sha) => {
      const start = timeline.checksCreated.get(`${SYNC} ${sha}`);
      return start === undefined ? [] : [{ sha, start, end: timeline.checksCompleted.get(`${SYNC} ${sha}`)?.at ?? start }];
    })
    .sort((a, b) => a.start - b.start);
  let previousEnd = -Infinity;
  const waits = runs.map((run) => {
    const ready = Math.max(answeredAt.get(run.sha) ?? result.startedAt, previousEnd);
    previousEnd = run.end;
    return run.start - ready;
  });
  const worst = Math.max(0, ...waits);
  console.log(
    `  deploys: ${runs.length} sync runs, each started at most ${formatMs(worst)} after its push was answered or the previous sync ended (aim ≤ ${formatMs(DEPLOY_START_AIM_MS)}: ${worst <= DEPLOY_START_AIM_MS ? "met" : "NOT met"}; per run: ${waits.map(formatMs).join(", ")})`,
  );
}

