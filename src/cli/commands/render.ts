import type { Command } from "commander";
import type { RenderOptions } from "../actions/render.js";

export function registerRenderCommand(program: Command): void {
  program
    .command("render")
    .description("Render the infrastructure outputs (dnsmasq, Proxmox firewall, Traefik, NGINX gateway) of a config repo into a directory")
    .option("--dir <dir>", "the config repo", ".")
    .requiredOption("--out <dir>", "where to write the files (OUT/dnsmasq, OUT/firewall, OUT/traefik, OUT/nginx)")
    .option("--json", "print the result as JSON on stdout")
    .action(async (opts: RenderOptions) => {
      const { runRender } = await import("../actions/render.js");
      process.exitCode = await runRender(opts);
    });
}
