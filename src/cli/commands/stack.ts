/**
 * `phoenix stack deploy|rm|ls|ps|services`: drop-in replacements for
 * `docker stack …` with the same flags, argument errors, exit codes and
 * output, plus `--json` on every verb. Where docker 20.10 and 23.0+ differ
 * (wording, ls columns, `--format json`, whether deploy announces that it
 * does not wait), `--cli-version` picks one; by default the version of the
 * `docker` client on PATH. The verbs live in `src/cli/stack/`.
 */
import { Option, type Command } from "commander";
import { COMPOSE_COMPATS, type ComposeCompat } from "../../compose/compose-compat.js";
import type { StackContext } from "../stack/stack-context.js";
import { checkArgumentCount, checkStackName, type ArgumentRule, type StackVerb } from "../stack/usage-errors.js";
import { handleStackFlagError } from "../stack/handle-flag-error.js";

/** The Docker client and the verbs load only when a verb runs: `phoenix --help` and the other commands do not pay for them. */
async function openStackContext(): Promise<StackContext> {
  const { createProcessStackContext } = await import("../stack/stack-context.js");
  return createProcessStackContext();
}

async function resolveCliVersion(given: ComposeCompat | undefined): Promise<ComposeCompat> {
  if (given !== undefined) return given;
  const { detectCliVersion } = await import("../stack/detect-cli-version.js");
  return detectCliVersion();
}

const collect = (value: string, previous: string[]) => [...previous, value];
const cliVersionOption = () =>
  new Option("--cli-version <version>", "which docker CLI to imitate where versions differ (default: the docker client on PATH, 23.0+ as 28.2; else 20.10)").choices(
    COMPOSE_COMPATS,
  );
const FORMAT_HELP = "format output using a custom template: 'table', 'table TEMPLATE' (with column headers), 'json' (23.0+), 'TEMPLATE' (Go template)";

const VERBS = {
  deploy: { name: "deploy", use: "[OPTIONS] STACK", short: "Deploy a new stack or update an existing stack" },
  rm: { name: "rm", use: "[OPTIONS] STACK [STACK...]", short: "Remove one or more stacks" },
  ls: { name: "ls", use: "[OPTIONS]", short: "List stacks" },
  ps: { name: "ps", use: "[OPTIONS] STACK", short: "List the tasks in the stack" },
  services: { name: "services", use: "[OPTIONS] STACK", short: "List the services in the stack" },
} satisfies Record<string, StackVerb>;

const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, "1": true, t: true, T: true, TRUE: true, True: true, false: false, "0": false, f: false, F: false, FALSE: false, False: false };

/**
 * `-d`, `--detach`, `--detach=false` as the Go flag package reads them.
 * Commander gives an optional value to the next word too (`--detach app`), so
 * a non-boolean value is the stack name that followed a bare `--detach`.
 */
export function parseDetach(value: string | boolean | undefined, args: readonly string[]): { detach: boolean | undefined; args: readonly string[]; error?: string } {
  if (value === undefined || typeof value === "boolean") return { detach: value, args };
  const parsed = BOOLEANS[value];
  if (parsed !== undefined) return { detach: parsed, args };
  if (args.length === 0) return { detach: true, args: [value] };
  return { detach: undefined, args, error: `invalid argument "${value}" for "-d, --detach" flag: strconv.ParseBool: parsing "${value}": invalid syntax` };
}

/**
 * Each verb takes any number of words and checks the count itself, so a
 * missing or extra argument gets the CLI's message (and exit 1) instead of
 * commander's; flag errors get the CLI's words and exit 125.
 */
function addVerb(stack: Command, verb: StackVerb, rule: ArgumentRule): Command {
  const command = stack
    .command(verb.name)
    .description(verb.short)
    .usage(verb.use)
    .argument(rule.kind === "none" ? "[ignored...]" : "[stack...]");
  return handleStackFlagError(command, verb);
}

/** The shared first steps of every verb: the CLI version, the argument count, then each stack name (docker/cli `validateStackName`). */
async function checkArguments(verb: StackVerb, rule: ArgumentRule, args: readonly string[], given: ComposeCompat | undefined): Promise<ComposeCompat | undefined> {
  const cliVersion = await resolveCliVersion(given);
  const countError = checkArgumentCount(verb, rule, args.length, cliVersion);
  const nameError = countError ?? args.map(checkStackName).find((e) => e !== undefined);
  if (nameError !== undefined) {
    process.stderr.write(nameError.endsWith("\n") ? nameError : `${nameError}\n`);
    process.exitCode = 1;
    return undefined;
  }
  return cliVersion;
}

export function registerStackCommand(program: Command): void {
  const stack = program.command("stack").description("Manage Swarm stacks like `docker stack`, with minimal writes and verified deploys");

  addVerb(stack, VERBS.deploy, { kind: "exact", count: 1 })
    .alias("up")
    .option("-c, --compose-file <file>", 'path to a Compose file, or "-" to read from stdin (repeatable, comma-separated)', collect, [])
    .option("--prune", "prune services that are no longer referenced", false)
    .option("--resolve-image <mode>", 'query the registry to resolve image digest and supported platforms ("always", "changed", "never")', "always")
    .option("-d, --detach [bool]", "exit immediately instead of waiting for the stack services to converge (default true; --detach=false waits, and in Phoenix mode rolls back a service that does not converge)")
    .option("-q, --quiet", "suppress progress output", false)
    .option("--compat", "send exactly the writes docker stack deploy sends (no skipping, no rotation, no rollback)", false)
    .option("--with-registry-auth", "send registry authentication details to Swarm agents", false)
    .option("--wait-timeout <seconds>", "with --detach=false: how long to wait for each changed service to converge", "300")
    .option("--json", "print the deploy result as JSON on stdout (environment values left out)", false)
    .option("--show-env", "with --json, include the values of environment changes (secret ones stay masked)", false)
    .addOption(cliVersionOption())
    .action(async (words: string[], opts: DeployFlags) => {
      const detach = parseDetach(opts.detach, words);
      const cliVersion = detach.error === undefined ? await checkArguments(VERBS.deploy, { kind: "exact", count: 1 }, detach.args, opts.cliVersion) : await resolveCliVersion(opts.cliVersion);
      if (detach.error !== undefined) {
        const { formatFlagError, FLAG_ERROR_EXIT_CODE } = await import("../stack/usage-errors.js");
        process.stderr.write(formatFlagError(VERBS.deploy, detach.error, cliVersion ?? "20.10"));
        process.exitCode = FLAG_ERROR_EXIT_CODE;
        return;
      }
      if (cliVersion === undefined) return;
      const { runStackDeploy } = await import("../stack/run-stack-deploy.js");
      process.exitCode = await runStackDeploy(
        detach.args[0] ?? "",
        {
          composeFile: opts.composeFile,
          prune: opts.prune,
          resolveImage: opts.resolveImage,
          detach: detach.detach,
          quiet: opts.quiet,
          compat: opts.compat,
          json: opts.json,
          showEnv: opts.showEnv,
          withRegistryAuth: opts.withRegistryAuth,
          cliVersion,
          waitTimeoutMs: Number(opts.waitTimeout) * 1000,
        },
        await openStackContext(),
      );
    });

  addVerb(stack, VERBS.rm, { kind: "min", count: 1 })
    .aliases(["remove", "down"])
    .option("-d, --detach [bool]", "accepted for compatibility; Phoenix always waits for tasks to stop before removing networks")
    .option("--json", "print the removal results as JSON", false)
    .addOption(cliVersionOption())
    .action(async (words: string[], opts: { json: boolean; detach?: string | boolean; cliVersion?: ComposeCompat }) => {
      const cliVersion = await checkArguments(VERBS.rm, { kind: "min", count: 1 }, parseDetach(opts.detach, words).args, opts.cliVersion);
      if (cliVersion === undefined) return;
      const { runStackRm } = await import("../stack/run-stack-rm.js");
      process.exitCode = await runStackRm(parseDetach(opts.detach, words).args, { json: opts.json }, await openStackContext());
    });

  addVerb(stack, VERBS.ls, { kind: "none" })
    .alias("list")
    .option("--format <string>", FORMAT_HELP)
    .option("--json", "print the stacks as JSON", false)
    .addOption(cliVersionOption())
    .action(async (words: string[], opts: { json: boolean; format?: string; cliVersion?: ComposeCompat }) => {
      const cliVersion = await checkArguments(VERBS.ls, { kind: "none" }, words, opts.cliVersion);
      if (cliVersion === undefined) return;
      const { runStackLs } = await import("../stack/run-stack-ls.js");
      process.exitCode = await runStackLs({ json: opts.json, cliVersion, ...(opts.format === undefined ? {} : { format: opts.format }) }, await openStackContext());
    });

  addVerb(stack, VERBS.ps, { kind: "exact", count: 1 })
    .option("-f, --filter <filter>", "filter output based on conditions provided (id, name, node, desired-state, label, service)", collect, [])
    .option("--format <string>", FORMAT_HELP)
    .option("--no-resolve", "do not map IDs to Names")
    .option("--no-trunc", "do not truncate output")
    .option("-q, --quiet", "only display task IDs", false)
    .option("--json", "print the tasks as JSON", false)
    .addOption(cliVersionOption())
    .action(async (words: string[], opts: ListFlags & { trunc: boolean; resolve: boolean }) => {
      const cliVersion = await checkArguments(VERBS.ps, { kind: "exact", count: 1 }, words, opts.cliVersion);
      if (cliVersion === undefined) return;
      const filters = await readFilters(VERBS.ps, opts.filter, cliVersion);
      if (filters === undefined) return;
      const { runStackPs } = await import("../stack/run-stack-ps.js");
      process.exitCode = await runStackPs(
        words[0] ?? "",
        { json: opts.json, noTrunc: !opts.trunc, noResolve: !opts.resolve, quiet: opts.quiet, filters, cliVersion, ...(opts.format === undefined ? {} : { format: opts.format }) },
        await openStackContext(),
      );
    });

  addVerb(stack, VERBS.services, { kind: "exact", count: 1 })
    .option("-f, --filter <filter>", "filter output based on conditions provided (id, label, mode, name)", collect, [])
    .option("--format <string>", FORMAT_HELP)
    .option("-q, --quiet", "only display IDs", false)
    .option("--json", "print the services as JSON", false)
    .addOption(cliVersionOption())
    .action(async (words: string[], opts: ListFlags) => {
      const cliVersion = await checkArguments(VERBS.services, { kind: "exact", count: 1 }, words, opts.cliVersion);
      if (cliVersion === undefined) return;
      const filters = await readFilters(VERBS.services, opts.filter, cliVersion);
      if (filters === undefined) return;
      const { runStackServices } = await import("../stack/run-stack-services.js");
      process.exitCode = await runStackServices(
        words[0] ?? "",
        { json: opts.json, quiet: opts.quiet, filters, cliVersion, ...(opts.format === undefined ? {} : { format: opts.format }) },
        await openStackContext(),
      );
    });
}

/** `--filter` values, or undefined after printing the CLI's flag error (exit 125). */
async function readFilters(verb: StackVerb, values: readonly string[], cliVersion: ComposeCompat) {
  const { parseFilterFlags } = await import("../stack/parse-filter-flags.js");
  const parsed = parseFilterFlags(values);
  if (parsed.ok) return parsed.filters;
  const { formatFlagError, FLAG_ERROR_EXIT_CODE } = await import("../stack/usage-errors.js");
  process.stderr.write(formatFlagError(verb, parsed.error, cliVersion));
  process.exitCode = FLAG_ERROR_EXIT_CODE;
  return undefined;
}

interface ListFlags {
  filter: string[];
  format?: string;
  quiet: boolean;
  json: boolean;
  cliVersion?: ComposeCompat;
}

interface DeployFlags {
  composeFile: string[];
  prune: boolean;
  resolveImage: string;
  detach?: string | boolean;
  quiet: boolean;
  compat: boolean;
  withRegistryAuth: boolean;
  waitTimeout: string;
  json: boolean;
  showEnv: boolean;
  cliVersion?: ComposeCompat;
}
