import { createProbot } from "probot";
import { createPhoenixOctokit } from "../../github/api/phoenix-octokit.js";
import { createAppRuntime } from "../../github/runtime/create-app-runtime.js";
import { createPhoenixMetrics } from "../../github/runtime/metrics.js";
import { startAppReconcileLoop } from "../../github/handlers/start-app-reconcile-loop.js";
import { phoenixApp } from "../../app.js";
import { createWebhookServer, WEBHOOK_PATH } from "../../github/runtime/create-webhook-server.js";
import { createLogger } from "../../logger.js";
import { openSwarmPort } from "../pipeline-options.js";
import { readOperatorPolicy } from "../../trust/operator-policy.js";
export interface ServeFlags {
  readonly port?: string;
  readonly host?: string;
  readonly cacheDir?: string;
}


export async function runServeCommand(flags: ServeFlags): Promise<void> {
  const logger = createLogger({ level: process.env.PHOENIX_LOG_LEVEL ?? process.env.LOG_LEVEL ?? "info" });
  if (!process.env.APP_ID || !(process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH) || !process.env.WEBHOOK_SECRET) {
    logger.fatal({ required: ["APP_ID", "PRIVATE_KEY or PRIVATE_KEY_PATH", "WEBHOOK_SECRET"] }, "github app settings missing");
    process.exitCode = 1;
    return;
  }
  const probot = createProbot({ overrides: { log: logger.child({ component: "probot" }), Octokit: createPhoenixOctokit({ logger }) } });
  const metrics = createPhoenixMetrics({ defaultMetrics: true });
  const runtime = createAppRuntime({ logger, metrics, openPort: openSwarmPort, policy: readOperatorPolicy(process.env, "serve"), ...(flags.cacheDir === undefined ? {} : { cacheDir: flags.cacheDir }) });
  const server = await createWebhookServer(probot, runtime, phoenixApp);
  const port = Number(flags.port ?? process.env.PORT ?? 3000);
  const host = flags.host ?? process.env.HOST;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  // Missed pushes, interrupted syncs, retries, health and self-heal: at start, then every repo's reconcile interval.
  const loop = startAppReconcileLoop(probot, runtime);
  logger.info({ port, host, webhookPath: WEBHOOK_PATH }, "github app listening");

  const shutdown = () => {
    logger.info("github app stopping");
    loop.stop();
    server.close();
    // Runs in flight finish (a deploy is never cut off midway); then the process exits.
    void runtime.queue.waitForIdle().then(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
