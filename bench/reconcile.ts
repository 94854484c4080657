/**
 * Nothing lost, timed: `phoenix serve` as a child process (current sources
 * through tsx) against the fake GitHub, a real git server and the real swarm,
 * on the bundled example's three stacks (namespaced `rb<pid>-`, its own
 * instance, removed at the end).
 *
 *   npx tsx bench/reconcile.ts [--runs 5] [--interval 10]
 *
 * 1. **Dropped webhook**: `--runs` commits pushed to main with no webhook.
 *    Timed from the commit to the pending `phoenix/sync` the reconcile loop
 *    posts (the deploy started), and to the final status. The loop runs
 *    every `--interval` seconds, so a commit waits between 0 and one interval.
 * 2. **kill -9 mid-sync**: `--runs` pushes, each delivered by webhook; the
 *    process is killed with SIGKILL as the deploy of web_app begins (after
 *    api_service deployed) and started again at once. Timed from the kill
 *    (and from the restart) to the commit's final status.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatSyncRecordName } from "../src/reconcile/sync-record-store.js";
import { WEBHOOK_SECRET } from "../test/helpers/fake-github/start-test-app.js";
import { buildPushPayload } from "../test/helpers/fake-github/webhook-payloads.js";
import { waitFor } from "../test/helpers/wait-for.js";
import { startGitHubAppHarness } from "../test/e2e/github-app-harness.js";
import { startServeProcess, type ServeProcess } from "../test/e2e/serve-process.js";
import { createHmac, randomUUID } from "node:crypto";
import { formatMs, percentile } from "./lib/percentile.js";

const { values: args } = parseArgs({ options: { runs: { type: "string", default: "5" }, interval: { type: "string", default: "10" } } });
const RUNS = Number(args.runs);
const INTERVAL_SECONDS = Number(args.interval);
const prefix = `rb${process.pid}`;
const SETTINGS = ".github/phoenix.yml";
const API_CONFIG = "stacks/api_service/configs/health.cgi";

const h = await startGitHubAppHarness(prefix);
const workDir = path.dirname(h.traefikDir);
const serveOptions = { github: h.github, cacheDir: path.join(workDir, "serve-cache"), logFile: path.join(workDir, "serve.log") };
let serve: ServeProcess | undefined;

/** When the fake GitHub received the first status of `sha` with `state` (any state when omitted). */
function statusAt(sha: string, final: boolean): Promise<number> {
  return waitFor(
    async () =>
      h.github.requests.find((r) => {
        if (r.method !== "POST" || !r.path.endsWith(`/statuses/${sha}`) || r.status >= 300) return false;
        const body = r.body as { state?: string; context?: string };
        return body.context === "phoenix/sync" && (final ? body.state !== "pending" : true);
      })?.receivedAt,
    { description: `a ${final ? "final" : ""} phoenix/sync on ${sha.slice(0, 7)}`, timeoutMs: 300_000, intervalMs: 20 },
  );
}

async function postPush(target: ServeProcess, before: string, after: string): Promise<void> {
  const body = JSON.stringify(buildPushPayload(h.repo, { branch: "main", before, after }));
  const signature = `sha256=${createHmac("sha256", WEBHOOK_SECRET).update(body).digest("hex")}`;
  const answer = await fetch(`${target.url}/api/github/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": randomUUID(), "x-hub-signature-256": signature },
    body,
  });
  await answer.text();
}

function summarize(label: string, values: readonly number[]): string {
  return `${label}: p50 ${formatMs(percentile(values, 50))}, max ${formatMs(Math.max(...values))} (${values.map((v) => (v / 1000).toFixed(1)).join(", ")} s)`;
}

try {
  const settings = await readFile(path.join(h.config.repo.dir, SETTINGS), "utf8");
  let head = await h.config.commitOnBranch("main", h.base, { [SETTINGS]: `${settings}instance: ${prefix}\nreconcile:\n  intervalSeconds: ${INTERVAL_SECONDS}\n` }, "reconcile");
  serve = await startServeProcess(serveOptions);
  await statusAt(head, true);
  console.log(`setup: the loop deployed main's head at start; runs of ${INTERVAL_SECONDS} s interval follow`);

  const toStarted: number[] = [];
  const toFinal: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    head = await h.config.commitOnBranch("main", head, h.config.withLogLevel(`dropped-${run}`), `dropped ${run}`);
    const committed = Date.now();
    toStarted.push((await statusAt(head, false)) - committed);
    toFinal.push((await statusAt(head, true)) - committed);
  }
  console.log(summarize("dropped webhook → deploy started (pending posted)", toStarted));
  console.log(summarize("dropped webhook → final status", toFinal));

  const apiConfig = await readFile(path.join(h.config.repo.dir, API_CONFIG), "utf8");
  const fromKill: number[] = [];
  const fromRestart: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const before = head;
    head = await h.config.commitOnBranch("main", head, { ...h.config.withLogLevel(`killed-${run}`), [API_CONFIG]: `${apiConfig}# ${run}\n` }, `killed ${run}`);
    const current: ServeProcess = serve;
    const fromIndex = current.logs.length;
    await postPush(current, before, head);
    await current.waitForLog((l) => l.msg === "stack deploying" && String(l.stack).endsWith("-web_app"), { description: "web_app's deploy to begin", fromIndex });
    const killed = Date.now();
    await current.stop("SIGKILL");
    serve = undefined;
    const restarted = Date.now();
    serve = await startServeProcess(serveOptions);
    const final = await statusAt(head, true);
    fromKill.push(final - killed);
    fromRestart.push(final - restarted);
  }
  console.log(summarize("kill -9 mid-sync → final status, from the kill", fromKill));
  console.log(summarize("kill -9 mid-sync → final status, from the restart", fromRestart));
  const pending = [...new Map(h.github.state.statuses.filter((s) => s.context === "phoenix/sync").map((s) => [s.sha, s.state])).values()].filter((s) => s === "pending");
  console.log(`commits left pending: ${pending.length}; requests outside GitHub's description: ${h.github.violations.length}`);
} finally {
  await serve?.stop("SIGTERM");
  const record = await h.port.inspectConfig(formatSyncRecordName(prefix));
  await h.close();
  if (record) await h.port.removeConfig(record.ID);
}
