import type { Command } from "commander";
import type { ServeFlags } from "../actions/serve.js";

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
      const { runServeCommand } = await import("../actions/serve.js");
      await runServeCommand(flags);
    });
}
