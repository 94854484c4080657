import { spawn, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { appendFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import type { FakeGitHub } from "../helpers/fake-github/fake-github-server.js";
import { serveEnterprisePaths, type EnterpriseFront } from "../helpers/fake-github/serve-enterprise-paths.js";
import { WEBHOOK_SECRET } from "../helpers/fake-github/start-test-app.js";
import { waitFor } from "../helpers/wait-for.js";

const repoRoot = path.resolve(import.meta.dirname, "../..");

/** One pino line of the child, parsed. */
export type ServeLog = Record<string, unknown> & { readonly msg?: string };

/** `phoenix serve` as production runs it: a child process configured by Probot's environment only. */
export interface ServeProcess {
  readonly url: string;
  /** Every log line so far. */
  readonly logs: readonly ServeLog[];
  /** Resolves with the first log line (from `fromIndex` on) that `match` accepts. */
  waitForLog(match: (log: ServeLog) => boolean, options: { readonly description: string; readonly timeoutMs?: number; readonly fromIndex?: number }): Promise<ServeLog>;
  /** Sends `signal` and waits for the process to exit. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

export interface ServeProcessOptions {
  readonly github: FakeGitHub;
  readonly cacheDir: string;
  /** Appends every line the child writes here, for a failing test to show. */
  readonly logFile: string;
}

/**
 * Starts `node --import tsx src/cli/main.ts serve` (the current sources, no
 * build) against the fake GitHub behind GitHub Enterprise's `/api/v3`
 * prefix, and the swarm of DOCKER_HOST. Resolves once `/healthz` answers.
 */
export async function startServeProcess(options: ServeProcessOptions): Promise<ServeProcess> {
  const front: EnterpriseFront = await serveEnterprisePaths(options.github);
  const port = await findFreePort();
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve", "--host", "127.0.0.1", "--port", String(port), "--cache-dir", options.cacheDir], {
    cwd: repoRoot,
    env: {
      ...process.env,
      APP_ID: "1",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET,
      GHE_HOST: front.host,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "info",
      PHOENIX_LOG_LEVEL: "info",
      // The fixture's Traefik target reloads with its own command (`true`).
      PHOENIX_ALLOW_REPO_COMMANDS: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: ServeLog[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => {
      appendFileSync(options.logFile, `${line}\n`);
      try {
        logs.push(JSON.parse(line) as ServeLog);
      } catch {
        logs.push({ msg: line });
      }
    });
  }
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (!running) throw new Error(`phoenix serve exited; its log is in ${options.logFile}`);
      return (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) ? true : undefined;
    },
    { description: "phoenix serve to answer /healthz", timeoutMs: 60_000, intervalMs: 100 },
  );
  return {
    url,
    logs,
    waitForLog(match, waitOptions) {
      return waitFor(async () => logs.slice(waitOptions.fromIndex ?? 0).find(match), {
        description: waitOptions.description,
        timeoutMs: waitOptions.timeoutMs ?? 120_000,
        intervalMs: 50,
        describe: async () => `${logs.length} log lines, the last: ${JSON.stringify(logs.at(-1)?.msg)}`,
      });
    },
    async stop(signal) {
      if (running) child.kill(signal);
      await exited;
      await front.close();
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
