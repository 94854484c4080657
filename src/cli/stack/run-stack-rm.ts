/**
 * `phoenix stack rm STACK...` (docs/stack-deploy.md §6.1): per stack, services,
 * secrets, configs and networks with the CLI's lines; `Nothing found in
 * stack` is not an error; any failed removal makes the exit status 1. It waits
 * for tasks to stop before removing networks (docs/development.md: the
 * 20.10 engine leaks ingress addresses otherwise).
 */
import type { DeployEvent } from "../../swarm/deploy-types.js";
import { removeStack, type RemoveStackResult } from "../../swarm/remove-stack.js";
import { ExitCode } from "../exit-codes.js";
import type { StackContext } from "./stack-context.js";
import { checkStackName } from "./usage-errors.js";

export async function runStackRm(stacks: readonly string[], options: { json: boolean }, context: StackContext): Promise<number> {
  const { io } = context;
  for (const stack of stacks) {
    const error = checkStackName(stack);
    if (error !== undefined) {
      io.stderr(`${error}\n`);
      return ExitCode.error;
    }
  }
  const port = await context.port();
  const results: RemoveStackResult[] = [];
  const onEvent = (event: DeployEvent) => (event.stream === "stdout" ? io.stdout : io.stderr)(`${event.message}\n`);
  for (const stack of stacks) {
    results.push(await removeStack(port, stack, { logger: context.logger, ...(options.json ? {} : { onEvent }) }));
  }
  if (options.json) io.stdout(`${JSON.stringify(results, null, 2)}\n`);
  return results.some((result) => result.failures.length > 0) ? ExitCode.error : ExitCode.ok;
}
