#!/usr/bin/env node
import { createProgram } from "./program.js";

const program = createProgram();
program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`phoenix: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
