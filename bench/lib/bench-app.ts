/**
 * The Phoenix GitHub App for benchmarks, two ways:
 *
 * - `child`: `node dist/cli/main.js serve`, configured only through Probot's
 *   environment as in production (GHE_HOST points at the fake GitHub behind
 *   its `/api/v3` prefix): the production process, its Octokit and logger.
 * - `in-process`: the app's webhook server in this process, built like the
 *   e2e tests build it; it shares this process with the fake GitHub and the
 *   git server.
 *
 * Either way each log record is handed to `onLog` (pino JSON), so a caller
 * can time the steps of a delivery by its `runId` (the delivery id).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { Probot } from "probot";
import { createAppRuntime } from "../../src/github/runtime/create-app-runtime.js";
import { phoenixApp } from "../../src/app.js";
import { createWebhookServer, WEBHOOK_PATH } from "../../src/github/runtime/create-webhook-server.js";
import { createPhoenixOctokit } from "../../src/github/api/phoenix-octokit.js";
import type { SwarmPort } from "../../src/swarm/swarm-port.js";
import type { FakeGitHub } from "../../test/helpers/fake-github/fake-github-server.js";
import { serveEnterprisePaths } from "../../test/helpers/fake-github/serve-enterprise-paths.js";

export type AppMode = "child" | "in-process";
export type LogRecord = Record<string, unknown> & { readonly time: number; readonly msg?: string; readonly runId?: string };

export interface BenchApp {
  readonly mode: AppMode;
  /** What runs, for the report. */
  readonly description: string;
  /** POSTs a signed delivery prepared by `signDelivery`; resolves with the HTTP status once the answer is read. */
  send(delivery: SignedDelivery): Promise<number>;
  /** Stops the app; a child gets SIGTERM and finishes its runs (and writes its CPU profile). */
  close(): Promise<void>;
}

export interface SignedDelivery {
  readonly id: string;
  readonly event: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

export const BENCH_WEBHOOK_SECRET = "phoenix-bench-webhook-secret";
const repoRoot = path.resolve(import.meta.dirname, "../..");

/** A delivery as GitHub sends it, signed ahead of time so that signing is not timed. */
export function signDelivery(event: string, id: string, payload: unknown): SignedDelivery {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", BENCH_WEBHOOK_SECRET).update(body).digest("hex")}`;
  return {
    id,
    event,
    body,
    headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": id, "x-hub-signature-256": signature, "user-agent": "GitHub-Hookshot/bench" },
  };
}

export interface StartBenchAppOptions {
  readonly mode: AppMode;
  readonly github: FakeGitHub;
  readonly cacheDir: string;
  readonly onLog: (record: LogRecord) => void;
  /** In-process only: the swarm the runs read and write (a child opens DOCKER_HOST itself). */
  readonly openPort: () => Promise<SwarmPort>;
  /** Child only: `node --cpu-prof` into this directory (in-process, the caller profiles itself). */
  readonly cpuProfileDir?: string;
  readonly logLevel?: "trace" | "debug" | "info" | "warn";
}

export async function startBenchApp(options: StartBenchAppOptions): Promise<BenchApp> {
  return options.mode === "child" ? startChildApp(options) : startInProcessApp(options);
}

function createPrivateKey(): string {
  return generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
}

/**
 * One connection per delivery, as GitHub's hookshot sends them. A pooled
 * keep-alive connection can be closed by the server's idle timeout just as
 * the next delivery is written on it (`UND_ERR_SOCKET: other side closed`).
 */
function createSender(url: string): BenchApp["send"] {
  return (delivery) =>
    new Promise((resolve, reject) => {
      const body = Buffer.from(delivery.body);
      const headers = { ...delivery.headers, "content-length": String(body.length), connection: "close" };
      const req = request(`${url}${WEBHOOK_PATH}`, { method: "POST", headers, agent: false }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
}

function parseLogLine(line: string, onLog: (record: LogRecord) => void, other: string[]): void {
  try {
    onLog(JSON.parse(line) as LogRecord);
  } catch {
    other.push(line);
  }
}

async function startInProcessApp(options: StartBenchAppOptions): Promise<BenchApp> {
  const other: string[] = [];
  const logger = pino({ level: options.logLevel ?? "info", base: { app: "phoenix" } }, { write: (line: string) => parseLogLine(line, options.onLog, other) });
  const probot = new Probot({ appId: 1, privateKey: createPrivateKey(), secret: BENCH_WEBHOOK_SECRET, baseUrl: options.github.url, Octokit: createPhoenixOctokit({ logger }), log: logger.child({ component: "probot" }) });
  const runtime = createAppRuntime({ logger, openPort: options.openPort, cacheDir: options.cacheDir });
  const server = await createWebhookServer(probot, runtime, phoenixApp);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    mode: "in-process",
    description: "in-process (createWebhookServer in the bench process, as the e2e tests run it)",
    send: createSender(url),
    async close() {
      await runtime.queue.waitForIdle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Warns when dist/ is older than src/: the child would run stale code. */
function checkBuild(main: string): void {
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  const built = statSync(main).mtimeMs;
  const newest = newestMtime(path.join(repoRoot, "src"));
  if (newest > built) console.warn(`warning: src/ changed after dist/ was built; run \`npm run build\` to benchmark the current code`);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" })) newest = Math.max(newest, statSync(path.join(dir, file)).mtimeMs);
  return newest;
}

async function startChildApp(options: StartBenchAppOptions): Promise<BenchApp> {
  const main = path.join(repoRoot, "dist", "cli", "main.js");
  checkBuild(main);
  const front = await serveEnterprisePaths(options.github);
  const port = await findFreePort();
  const nodeArgs = options.cpuProfileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, main, "serve", "--host", "127.0.0.1", "--port", String(port), "--cache-dir", options.cacheDir], {
    env: {
      ...process.env,
      APP_ID: "1",
      PRIVATE_KEY: createPrivateKey(),
      WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
      GHE_HOST: front.host,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: options.logLevel ?? "info",
      PHOENIX_LOG_LEVEL: options.logLevel ?? "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const other: string[] = [];
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => child.once("exit", (code) => ((exited = code), resolve())));
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on("line", (line) => parseLogLine(line, options.onLog, other));
  }
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 50) {
    if (exited !== undefined) throw new Error(`phoenix serve exited with ${String(exited)}:\n${other.join("\n")}`);
    const up = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (up) break;
    if (waited > 30_000) throw new Error(`phoenix serve did not answer /healthz within 30 s:\n${other.join("\n")}`);
    await sleep(50);
  }
  return {
    mode: "child",
    description: "child process (node dist/cli/main.js serve, as in production)",
    send: createSender(url),
    async close() {
      if (exited === undefined) child.kill("SIGTERM");
      await exit;
      await front.close();
      if (other.length > 0) console.warn(`phoenix serve wrote ${other.length} non-JSON lines, e.g.: ${other.slice(0, 3).join(" | ")}`);
    },
  };
}
