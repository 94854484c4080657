import { createServer, type Server } from "node:http";
import { createNodeMiddleware, type Probot } from "probot";
import type { AppRuntime } from "./app-options.js";

export const WEBHOOK_PATH = "/api/github/webhooks";

/** Registers an app's handlers on Probot, given what they share (`phoenixApp` of src/app.ts). */
export type AppFunction = (probot: Probot, runtime: AppRuntime) => void;

/**
 * The HTTP front door: GitHub's webhooks, `/healthz` and Prometheus `/metrics`.
 * The app comes in as a parameter: the runtime knows nothing of the handlers.
 */
export async function createWebhookServer(probot: Probot, runtime: AppRuntime, app: AppFunction): Promise<Server> {
  const middleware = await createNodeMiddleware((probotApp) => app(probotApp, runtime), { probot, webhooksPath: WEBHOOK_PATH });
  return createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (req.method === "GET" && path === "/metrics") {
      runtime.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": runtime.metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    if (path === WEBHOOK_PATH) {
      // A refused delivery (bad signature, missing headers) never reaches a handler: count it here.
      res.once("finish", () => {
        if (res.statusCode >= 400) runtime.metrics.deliveries.inc({ event: String(req.headers["x-github-event"] ?? "unknown"), result: "rejected" });
      });
    }
    void middleware(req, res, () => res.writeHead(404, { "content-type": "text/plain" }).end("not found\n"));
  });
}
