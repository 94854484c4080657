import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import { closeSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Probot } from "probot";
import { createPhoenixOctokit } from "../../../src/github/api/phoenix-octokit.js";
import type { AppRuntime } from "../../../src/github/runtime/app-options.js";
import { createAppRuntime } from "../../../src/github/runtime/create-app-runtime.js";
import { phoenixApp } from "../../../src/app.js";
import { createWebhookServer, WEBHOOK_PATH } from "../../../src/github/runtime/create-webhook-server.js";
import { createLogger } from "../../../src/logger.js";
import type { SwarmPort } from "../../../src/swarm/swarm-port.js";
import type { OperatorPolicy } from "../../../src/trust/operator-policy.js";
import type { FakeGitHub } from "./fake-github-server.js";

export const WEBHOOK_SECRET = "phoenix-test-webhook-secret";

/** Three attempts 10 ms and 40 ms apart: the tests see every retry without waiting seconds; rate limits keep GitHub's `retry-after`. */
export const TEST_RETRY = { retries: 2, baseDelayMs: 10 };

export interface TestApp {
  readonly url: string;
  /** The webhook server, for tests that watch when a delivery is answered. */
  readonly server: Server;
  readonly probot: Probot;
  readonly runtime: AppRuntime;
  /** The private key the app signs its JWTs with. */
  readonly privateKey: string;
  /** Everything the app logged so far (pino JSON lines); empty unless started with `logFile`. */
  readLogs(): Promise<string>;
  /** Posts a webhook signed as GitHub signs it (`X-Hub-Signature-256`); returns the HTTP status. */
  sendWebhook(event: string, payload: unknown, options?: { id?: string; secret?: string }): Promise<{ status: number; id: string }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly openPort: () => Promise<SwarmPort>;
  readonly cacheDir: string;
  readonly logLevel?: string;
  /** Where the app's logs go, as `phoenix serve` writes them (same logger, same redaction); default: nowhere. */
  readonly logFile?: string;
  /** The operator policy; default: `phoenix serve`'s with an empty environment. */
  readonly policy?: OperatorPolicy;
  /** The clock of retries and health checks; default `Date.now`. */
  readonly now?: () => number;
}

/**
 * The Phoenix app behind a real HTTP server, talking to the fake GitHub with
 * a freshly generated app key. Its logger is the one `phoenix serve` builds,
 * so what a test reads from `logFile` is what production would log.
 */
export async function startTestApp(github: FakeGitHub, options: TestAppOptions): Promise<TestApp> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const logFd = options.logFile === undefined ? undefined : openSync(options.logFile, "a");
  const level = options.logLevel ?? process.env.PHOENIX_TEST_LOG_LEVEL ?? (logFd === undefined ? "silent" : "trace");
  const logger = createLogger({ level, ...(logFd === undefined ? {} : { destination: logFd }) });
  const probot = new Probot({ appId: 1, privateKey, secret: WEBHOOK_SECRET, baseUrl: github.url, Octokit: createPhoenixOctokit({ logger, retry: TEST_RETRY }), log: logger.child({ component: "probot" }) });
  const runtime = createAppRuntime({ logger, openPort: options.openPort, cacheDir: options.cacheDir, ...(options.policy ? { policy: options.policy } : {}), ...(options.now ? { now: options.now } : {}) });
  const server: Server = await createWebhookServer(probot, runtime, phoenixApp);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    probot,
    runtime,
    privateKey,
    readLogs: async () => (options.logFile === undefined ? "" : readFile(options.logFile, "utf8")),
    async sendWebhook(event, payload, sendOptions = {}) {
      const id = sendOptions.id ?? randomUUID();
      const body = JSON.stringify(payload);
      const signature = `sha256=${createHmac("sha256", sendOptions.secret ?? WEBHOOK_SECRET).update(body).digest("hex")}`;
      const response = await fetch(`${url}${WEBHOOK_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": id, "x-hub-signature-256": signature, "user-agent": "GitHub-Hookshot/test" },
        body,
      });
      await response.text();
      return { status: response.status, id };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          if (logFd !== undefined) closeSync(logFd);
          resolve();
        });
      }),
  };
}
