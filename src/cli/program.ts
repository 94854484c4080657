import { Command } from "commander";
import { registerCertsCommand } from "./commands/certs.js";
import { registerDriftCommand } from "./commands/drift.js";
import { registerPlanCommand } from "./commands/plan.js";
import { registerRenderCommand } from "./commands/render.js";
import { registerServeCommand } from "./commands/serve.js";
import { registerStackCommand } from "./commands/stack.js";
import { registerStatusCommand } from "./commands/status.js";
import { registerSyncCommand } from "./commands/sync.js";
import { registerSwarmCommand } from "./commands/swarm.js";
import { registerValidateCommand } from "./commands/validate.js";

/** Builds the `phoenix` command tree. Each verb lives in `commands/<verb>.ts`. */
export function createProgram(): Command {
  const program = new Command("phoenix")
    .description("GitOps for Docker Swarm stacks and the infrastructure around them")
    .version("0.1.0")
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerValidateCommand(program);
  registerRenderCommand(program);
  registerPlanCommand(program);
  registerSyncCommand(program);
  registerDriftCommand(program);
  registerStatusCommand(program);
  registerCertsCommand(program);
  registerServeCommand(program);
  registerStackCommand(program);
  registerSwarmCommand(program);
  return program;
}
