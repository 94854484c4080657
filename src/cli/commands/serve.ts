import type { Command } from "commander";
import { createProbot } from "probot";
import { createAppRuntime } from "../../github/create-app-runtime.js";
import { createPhoenixMetrics } from "../../github/metrics.js";
import { startHealthTimer } from "../../github/health-timer.js";
import { createWebhookServer, WEBHOOK_PATH } from "../../github/create-webhook-server.js";
import { createLogger } from "../../logger.js";
import { openSwarmPort } from "../pipeline-options.js";

interface ServeFlags {
  readonly port?: string;
  readonly host?: string;
  readonly cacheDir?: string;
}

/**
 * `phoenix serve`: the GitHub App. Probot's standard environment (`APP_ID`,
 * `PRIVATE_KEY` or `PRIVATE_KEY_PATH`, `WEBHOOK_SECRET`, `GHE_HOST` /
 * `GHE_PROTOCOL`, `PORT`), webhooks at /api/github/webhooks, `/healthz` and
 * `/metrics`.
 */
export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("Run the Phoenix GitHub App: plan pull requests, deploy the default branch, report drift")
    .option("--port <port>", "port to listen on (default: PORT, else 3000)")
    .option("--host <host>", "address to listen on (default: HOST, else all)")
    .option("--cache-dir <dir>", "where config repos are cached (default: ~/.cache/phoenix/repos)")
    .action(async (flags: ServeFlags) => {
      await runServeCommand(flags);
    });
}

export async function runServeCommand(flags: ServeFlags): Promise<void> {
  const logger = createLogger({ level: process.env.PHOENIX_LOG_LEVEL ?? process.env.LOG_LEVEL ?? "info" });
  if (!process.env.APP_ID || !(process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH) || !process.env.WEBHOOK_SECRET) {
    logger.fatal({ required: ["APP_ID", "PRIVATE_KEY or PRIVATE_KEY_PATH", "WEBHOOK_SECRET"] }, "github app settings missing");
    process.exitCode = 1;
    return;
  }
  const probot = createProbot({ overrides: { log: logger.child({ component: "probot" }) } });
  const metrics = createPhoenixMetrics({ defaultMetrics: true });
  const runtime = createAppRuntime({ logger, metrics, openPort: openSwarmPort, ...(flags.cacheDir === undefined ? {} : { cacheDir: flags.cacheDir }) });
  const server = await createWebhookServer(probot, runtime);
  const port = Number(flags.port ?? process.env.PORT ?? 3000);
  const host = flags.host ?? process.env.HOST;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const timer = startHealthTimer(probot, runtime);
  logger.info({ port, host, webhookPath: WEBHOOK_PATH }, "github app listening");

  const shutdown = () => {
    logger.info("github app stopping");
    timer.stop();
    server.close();
    // Runs in flight finish (a deploy is never cut off midway); then the process exits.
    void runtime.queue.waitForIdle().then(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
