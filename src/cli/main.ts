#!/usr/bin/env node
import { getProcessSecrets } from "../secrets/process-secrets.js";
import { createProgram } from "./program.js";

const program = createProgram();
program.parseAsync(process.argv).catch((err: unknown) => {
  // An unexpected error may quote a request, a command or a URL: hide every secret value the run registered.
  process.stderr.write(getProcessSecrets().maskText(`phoenix: ${err instanceof Error ? err.message : String(err)}`) + "\n");
  process.exitCode = 1;
});
