import type { Command } from "commander";
import { REF_HELP } from "../source-options.js";
import type { CertsFlags } from "../actions/certs.js";

/** `phoenix certs` lists every certificate of the manifest as it is live; `phoenix certs renew NAME` renews one now. */
export function registerCertsCommand(program: Command): void {
  const source = (command: Command) =>
    command
      .option("--dir <dir>", "a config repo working directory (default: the current directory)")
      .option("--repo <url|path>", "a config repo to read at --ref without a checkout (HTTPS token from PHOENIX_GIT_TOKEN)")
      .option("--ref <rev>", REF_HELP)
      .option("--json", "print the result as JSON on stdout");
  const certs = source(
    program.command("certs").description("List the certificates of etc/certificate-manifest.json as they are live; exit 0 all valid, 2 any not, 1 error"),
  ).action(async (flags: CertsFlags) => {
    const { runCertsCommand } = await import("../actions/certs.js");
    process.exitCode = await runCertsCommand(flags);
  });
  source(certs.command("renew").argument("<name>", "the certificate's common name").description("Issue a certificate again now, whatever its status and any backoff; exit 0 renewed, 1 failed")).action(
    async (name: string, _flags: CertsFlags, command: Command) => {
      const { runCertsRenewCommand } = await import("../actions/certs.js");
      // `certs` declares the same options: commander gives them to whichever command it reads them for.
      process.exitCode = await runCertsRenewCommand(name, command.optsWithGlobals<CertsFlags>());
    },
  );
}
