/**
 * `phoenix stack deploy|rm|ls|ps|services`: drop-in replacements for
 * `docker stack …` with the same flags, exit codes and output lines, plus
 * `--json` on every verb. The verbs live in `src/cli/stack/`.
 */
import { Option, type Command } from "commander";
import { COMPOSE_COMPATS, type ComposeCompat } from "../../compose/compose-compat.js";
import type { StackContext } from "../stack/stack-context.js";

/** The Docker client and the verbs load only when a verb runs: `phoenix --help` and the other commands do not pay for them. */
async function openStackContext(): Promise<StackContext> {
  const { createProcessStackContext } = await import("../stack/stack-context.js");
  return createProcessStackContext();
}

const collect = (value: string, previous: string[]) => [...previous, value];
const cliVersionOption = () =>
  new Option("--cli-version <version>", "which docker CLI to imitate where versions differ").choices(COMPOSE_COMPATS).default("20.10");

const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, "1": true, t: true, TRUE: true, false: false, "0": false, f: false, FALSE: false };

/**
 * `-d`, `--detach`, `--detach=false` as the Go flag package reads them.
 * Commander gives an optional value to the next word too (`--detach app`), so
 * a non-boolean value is the stack name that followed a bare `--detach`.
 */
function parseDetach(value: string | boolean | undefined, name: string | undefined): { detach: boolean | undefined; name: string } {
  if (value === undefined || typeof value === "boolean") return { detach: value, name: name ?? "" };
  const parsed = BOOLEANS[value];
  if (parsed !== undefined) return { detach: parsed, name: name ?? "" };
  if (name === undefined) return { detach: true, name: value };
  throw new Error(`invalid argument "${value}" for "-d, --detach" flag: strconv.ParseBool: parsing "${value}": invalid syntax`);
}

export function registerStackCommand(program: Command): void {
  const stack = program.command("stack").description("Manage Swarm stacks like `docker stack`, with minimal writes and verified deploys");

  stack
    .command("deploy")
    .alias("up")
    .description("Deploy a new stack or update an existing stack")
    .argument("[stack]")
    .option("-c, --compose-file <file>", "path to a Compose file, or - to read from stdin (repeatable, comma-separated)", collect, [])
    .option("--prune", "prune services that are no longer referenced", false)
    .option("--resolve-image <mode>", "query the registry to resolve image digest and supported platforms (always, changed, never)", "always")
    .option("-d, --detach [bool]", "exit immediately instead of waiting for the services to converge")
    .option("--compat", "send exactly the writes docker stack deploy sends (no skipping, no rotation, no rollback)", false)
    .option("--with-registry-auth", "send registry authentication details to Swarm agents", false)
    .option("--wait-timeout <seconds>", "how long to wait for each changed service to converge", "300")
    .option("--json", "print the deploy result as JSON on stdout (environment values left out)", false)
    .option("--show-env", "with --json, include the values of environment changes (secret ones stay masked)", false)
    .addOption(cliVersionOption())
    .action(async (stackName: string | undefined, opts: DeployFlags) => {
      const { detach, name } = parseDetach(opts.detach, stackName);
      const { runStackDeploy } = await import("../stack/run-stack-deploy.js");
      process.exitCode = await runStackDeploy(
        name,
        {
          composeFile: opts.composeFile,
          prune: opts.prune,
          resolveImage: opts.resolveImage,
          detach,
          compat: opts.compat,
          json: opts.json,
          showEnv: opts.showEnv,
          withRegistryAuth: opts.withRegistryAuth,
          cliVersion: opts.cliVersion,
          waitTimeoutMs: Number(opts.waitTimeout) * 1000,
        },
        await openStackContext(),
      );
    });

  stack
    .command("rm")
    .aliases(["remove", "down"])
    .description("Remove one or more stacks")
    .argument("<stack...>")
    .option("-d, --detach [bool]", "accepted for compatibility; Phoenix always waits for tasks to stop before removing networks")
    .option("--json", "print the removal results as JSON", false)
    .action(async (names: string[], opts: { json: boolean }) => {
      const { runStackRm } = await import("../stack/run-stack-rm.js");
      process.exitCode = await runStackRm(names, opts, await openStackContext());
    });

  stack
    .command("ls")
    .alias("list")
    .description("List stacks")
    .option("--json", "print the stacks as JSON", false)
    .addOption(cliVersionOption())
    .action(async (opts: { json: boolean; cliVersion: ComposeCompat }) => {
      const { runStackLs } = await import("../stack/run-stack-ls.js");
      process.exitCode = await runStackLs(opts, await openStackContext());
    });

  stack
    .command("ps")
    .description("List the tasks in the stack")
    .argument("<stack>")
    .option("--no-trunc", "do not truncate output")
    .option("--json", "print the tasks as JSON", false)
    .action(async (name: string, opts: { json: boolean; trunc: boolean }) => {
      const { runStackPs } = await import("../stack/run-stack-tasks.js");
      process.exitCode = await runStackPs(name, { json: opts.json, noTrunc: !opts.trunc }, await openStackContext());
    });

  stack
    .command("services")
    .description("List the services in the stack")
    .argument("<stack>")
    .option("-q, --quiet", "only display IDs", false)
    .option("--json", "print the services as JSON", false)
    .action(async (name: string, opts: { json: boolean; quiet: boolean }) => {
      const { runStackServices } = await import("../stack/run-stack-tasks.js");
      process.exitCode = await runStackServices(name, opts, await openStackContext());
    });
}

interface DeployFlags {
  composeFile: string[];
  prune: boolean;
  resolveImage: string;
  detach?: string | boolean;
  compat: boolean;
  withRegistryAuth: boolean;
  waitTimeout: string;
  json: boolean;
  showEnv: boolean;
  cliVersion: ComposeCompat;
}
