import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Probot, ProbotOctokit } from "probot";
import { pino } from "pino";
import type { AppRuntime } from "../../../src/github/app-options.js";
import { createAppRuntime } from "../../../src/github/create-app-runtime.js";
import { createWebhookServer, WEBHOOK_PATH } from "../../../src/github/create-webhook-server.js";
import type { SwarmPort } from "../../../src/swarm/swarm-port.js";
import type { FakeGitHub } from "./fake-github-server.js";

export const WEBHOOK_SECRET = "phoenix-test-webhook-secret";

export interface TestApp {
  readonly url: string;
  readonly probot: Probot;
  readonly runtime: AppRuntime;
  /** Posts a webhook signed as GitHub signs it (`X-Hub-Signature-256`); returns the HTTP status. */
  sendWebhook(event: string, payload: unknown, options?: { id?: string; secret?: string }): Promise<{ status: number; id: string }>;
  close(): Promise<void>;
}

/** Without retries and throttling a failed fake-API call fails at once (environment.md, "Probot notes"). */
const TestOctokit = ProbotOctokit.defaults((o: Record<string, unknown>) => ({
  ...o,
  retry: { enabled: false },
  throttle: { ...(o.throttle as object), enabled: false },
}));

/** The Phoenix app behind a real HTTP server, talking to the fake GitHub with a freshly generated app key. */
export async function startTestApp(github: FakeGitHub, options: { openPort: () => Promise<SwarmPort>; cacheDir: string; logLevel?: string }): Promise<TestApp> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  const logger = pino({ level: options.logLevel ?? process.env.PHOENIX_TEST_LOG_LEVEL ?? "silent" });
  const probot = new Probot({ appId: 1, privateKey, secret: WEBHOOK_SECRET, baseUrl: github.url, Octokit: TestOctokit, log: logger });
  const runtime = createAppRuntime({ logger, openPort: options.openPort, cacheDir: options.cacheDir, retry: { attempts: 3, baseDelayMs: 10 } });
  const server: Server = await createWebhookServer(probot, runtime);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    probot,
    runtime,
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
        server.close(() => resolve());
      }),
  };
}
