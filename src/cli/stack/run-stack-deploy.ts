/**
 * `phoenix stack deploy`: load (like `docker stack deploy`), convert, then
 * `deployStack`. Phoenix mode skips unchanged services, rotates changed
 * secrets/configs and waits for convergence (rolling back on failure) unless
 * `--detach`; `--compat` sends exactly the CLI's writes and, like the CLI,
 * does not wait unless `--detach=false`.
 */
import { ConfigError } from "../../errors.js";
import { loadCompose } from "../../compose/load-compose.js";
import { convertStack } from "../../compose/convert/convert-stack.js";
import type { DeployEvent, DeployResult, ResolveImageMode } from "../../swarm/deploy-types.js";
import { deployStack } from "../../swarm/deploy-stack.js";
import type { StackSpec } from "../../engine/stack-spec.js";
import { ExitCode } from "../exit-codes.js";
import { formatLoadErrors, formatLoadWarnings } from "./print-load-diagnostics.js";
import { readComposeFiles, readOptionalFile, splitComposeFileFlags } from "./read-compose-files.js";
import type { ComposeCompat } from "../../compose/compose-compat.js";
import { checkStackName, type StackContext } from "./stack-context.js";

export interface StackDeployOptions {
  readonly composeFile: readonly string[];
  readonly prune: boolean;
  readonly resolveImage: string;
  /** Undefined when the flag was not given. */
  readonly detach: boolean | undefined;
  readonly compat: boolean;
  readonly json: boolean;
  readonly withRegistryAuth: boolean;
  readonly cliVersion: ComposeCompat;
  /** How long to wait for each changed service to converge. */
  readonly waitTimeoutMs: number;
}

const RESOLVE_MODES: readonly string[] = ["always", "changed", "never"];
/** What `--with-registry-auth` sends when no credentials are stored: base64url of `{}`. */
const EMPTY_REGISTRY_AUTH = "e30=";

export async function runStackDeploy(stack: string, options: StackDeployOptions, context: StackContext): Promise<number> {
  const { io } = context;
  const fail = (message: string) => {
    io.stderr(`${message}\n`);
    return ExitCode.error;
  };
  const paths = splitComposeFileFlags(options.composeFile);
  if (paths.length === 0) {
    return fail(options.cliVersion === "20.10" ? "Please specify a Compose file (with --compose-file)" : "specify a Compose file (with --compose-file)");
  }
  if (!RESOLVE_MODES.includes(options.resolveImage)) {
    return fail(`${options.cliVersion === "20.10" ? "Invalid" : "invalid"} option ${options.resolveImage} for flag --resolve-image`);
  }
  const nameError = checkStackName(stack);
  if (nameError !== undefined) return fail(nameError);

  let files;
  try {
    files = await readComposeFiles(paths, context);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const load = await loadCompose(files.files, {
    env: context.env,
    workingDir: files.workingDir,
    readFile: readOptionalFile,
    compat: options.cliVersion,
  });
  if (!options.json) io.stderr(formatLoadWarnings(load.diagnostics));
  if (load.project === undefined) {
    if (options.json) writeJson(io.stdout, { stack, outcome: "failed", errors: new ConfigError(load.diagnostics).diagnostics });
    else io.stderr(formatLoadErrors(load.diagnostics));
    return ExitCode.error;
  }

  const converted = convertStack(load.project, stack, { compat: options.cliVersion });
  // 26.0+ announces that it does not wait; 20.10 has no --detach at all.
  if (options.compat && options.cliVersion === "28.2" && options.detach === undefined && !options.json) {
    io.stderr("Since --detach=false was not specified, tasks will be created in the background.\n");
    io.stderr("In a future release, --detach=false will become the default.\n");
  }
  const port = await context.port();
  const onEvent = options.json ? undefined : (event: DeployEvent) => (event.stream === "stdout" ? io.stdout : io.stderr)(`${event.message}\n`);
  const deploy = (spec: StackSpec, partial: boolean): Promise<DeployResult> =>
    deployStack(port, spec, {
      prune: options.prune && !partial,
      resolveImage: options.resolveImage as ResolveImageMode,
      detach: partial || (options.detach ?? options.compat),
      compat: options.compat,
      waitTimeoutMs: options.waitTimeoutMs,
      logger: context.logger,
      ...(onEvent === undefined ? {} : { onEvent }),
      ...(options.withRegistryAuth ? { registryAuth: EMPTY_REGISTRY_AUTH } : {}),
    });

  const conversionErrors = converted.diagnostics.filter((d) => d.severity === "error");
  if (conversionErrors.length > 0) {
    // The CLI converts services only after it created networks, secrets and configs: leave the same partial state.
    const result = await deploy({ ...converted.spec, services: [] }, true);
    if (options.json) writeJson(io.stdout, { ...result, outcome: "failed", errors: conversionErrors });
    else io.stderr(conversionErrors.map((d) => `${d.message}\n`).join(""));
    return ExitCode.error;
  }
  const result = await deploy(converted.spec, false);
  if (options.json) writeJson(io.stdout, result);
  return result.outcome === "failed" || result.outcome === "rolled-back" ? ExitCode.error : ExitCode.ok;
}

function writeJson(write: (text: string) => void, value: unknown): void {
  write(`${JSON.stringify(value, null, 2)}\n`);
}
