/**
 * `phoenix stack deploy`: the pipeline's load and convert (`buildComposeStack`,
 * like `docker stack deploy`), then its `deployStack`, the same apply and
 * verify `phoenix sync` runs. Like the CLI it imitates it does not wait by
 * default (20.10 never waits; 23.0+ has `--detach` defaulting to true and
 * says so); `--detach=false` waits for the changed services to converge,
 * and Phoenix mode then rolls back a service that does not (`-q` hides the
 * progress lines). Phoenix mode skips unchanged services and rotates changed
 * secrets/configs; `--compat` sends exactly the CLI's writes. Every line and
 * `--json` hide the values of the environment's secret variables (PASS,
 * SECRET, TOKEN, KEY, CREDENTIAL in the name), of secret `environment`
 * entries and of Swarm secrets; `--json` shows environment values only with
 * `--show-env`.
 */
import { ConfigError } from "../../errors.js";
import { buildComposeStack } from "../../pipeline/build-compose-stack.js";
import type { DeployEvent, DeployResult, ResolveImageMode } from "../../swarm/deploy-types.js";
import { deployStack } from "../../pipeline/deploy-stack.js";
import type { StackSpec } from "../../engine/stack-spec.js";
import { ExitCode } from "../exit-codes.js";
import { readProcessSecretValues, registerProcessSecrets } from "../../secrets/process-secrets.js";
import { collectSecretValues } from "../../pipeline/collect-secret-values.js";
import { createSecretMasker } from "../../secrets/secret-masker.js";
import { createSecretNameMatcher } from "../../settings/secret-patterns.js";
import { formatDeployJson } from "./format-deploy-json.js";
import { formatLoadErrors, formatLoadWarnings } from "./print-load-diagnostics.js";
import { readComposeFiles, readOptionalFile, splitComposeFileFlags } from "./read-compose-files.js";
import type { ComposeCompat } from "../../compose/compose-compat.js";
import type { StackContext } from "./stack-context.js";
import { checkStackName } from "./usage-errors.js";

export interface StackDeployOptions {
  readonly composeFile: readonly string[];
  readonly prune: boolean;
  readonly resolveImage: string;
  /** Undefined when the flag was not given: then the deploy does not wait, as neither CLI does. */
  readonly detach: boolean | undefined;
  /** `-q`: no progress lines while waiting (`--detach=false`). */
  readonly quiet?: boolean;
  readonly compat: boolean;
  readonly json: boolean;
  /** With `json`: print the values of environment changes (secret ones stay masked). */
  readonly showEnv?: boolean;
  readonly withRegistryAuth: boolean;
  readonly cliVersion: ComposeCompat;
  /** How long to wait for each changed service to converge. */
  readonly waitTimeoutMs: number;
}

const RESOLVE_MODES: readonly string[] = ["always", "changed", "never"];
/** What `-q` hides: the lines that report waiting, as the CLI's `-q` hides its progress bars. */
const PROGRESS_EVENTS: ReadonlySet<DeployEvent["type"]> = new Set(["service.converged"]);
/** What `--with-registry-auth` sends when no credentials are stored: base64url of `{}`. */
const EMPTY_REGISTRY_AUTH = "e30=";

export async function runStackDeploy(stack: string, options: StackDeployOptions, context: StackContext): Promise<number> {
  // The environment is the interpolation environment, as for docker: its secret variables are secrets of the stack.
  const isSecretName = createSecretNameMatcher();
  const masker = createSecretMasker([...readProcessSecretValues(context.env), ...collectSecretValues({ isSecretName, environments: [context.env] })]);
  const io = { ...context.io, stdout: (text: string) => context.io.stdout(masker.maskText(text)), stderr: (text: string) => context.io.stderr(masker.maskText(text)) };
  const writeJson = (value: object) => io.stdout(formatDeployJson(value, { showEnv: options.showEnv === true, masker, isSecretName }));
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
  const built = await buildComposeStack(stack, { files: files.files, env: context.env, workingDir: files.workingDir, readFile: readOptionalFile, compat: options.cliVersion });
  if (!options.json) io.stderr(formatLoadWarnings(built.loadDiagnostics));
  if (built.spec === undefined) {
    if (options.json) writeJson({ stack, outcome: "failed", errors: new ConfigError(built.loadDiagnostics).diagnostics });
    else io.stderr(formatLoadErrors(built.loadDiagnostics));
    return ExitCode.error;
  }
  const converted = { spec: built.spec };

  masker.add(collectSecretValues({ isSecretName, services: converted.spec.services, secrets: converted.spec.secrets }));
  registerProcessSecrets(masker.values());
  // 26.0+ announces that it does not wait; 20.10 has no --detach at all and never waits.
  if (options.cliVersion === "28.2" && options.detach === undefined && !options.json) {
    io.stderr("Since --detach=false was not specified, tasks will be created in the background.\n");
    io.stderr("In a future release, --detach=false will become the default.\n");
  }
  const port = await context.port();
  const onEvent = options.json
    ? undefined
    : (event: DeployEvent) => {
        if (options.quiet === true && PROGRESS_EVENTS.has(event.type)) return;
        (event.stream === "stdout" ? io.stdout : io.stderr)(`${event.message}\n`);
      };
  const deploy = (spec: StackSpec, partial: boolean): Promise<DeployResult> =>
    deployStack(port, spec, {
      prune: options.prune && !partial,
      resolveImage: options.resolveImage as ResolveImageMode,
      detach: partial || (options.detach ?? true),
      compat: options.compat,
      waitTimeoutMs: options.waitTimeoutMs,
      logger: context.logger,
      ...(onEvent === undefined ? {} : { onEvent }),
      ...(options.withRegistryAuth ? { registryAuth: EMPTY_REGISTRY_AUTH } : {}),
    });

  const conversionErrors = built.conversionErrors;
  if (conversionErrors.length > 0) {
    // The CLI converts services only after it created networks, secrets and configs: leave the same partial state.
    const result = await deploy({ ...converted.spec, services: [] }, true);
    if (options.json) writeJson({ ...result, outcome: "failed", errors: conversionErrors });
    else io.stderr(conversionErrors.map((d) => `${d.message}\n`).join(""));
    return ExitCode.error;
  }
  const result = await deploy(converted.spec, false);
  if (options.json) writeJson(result);
  return result.outcome === "failed" || result.outcome === "rolled-back" ? ExitCode.error : ExitCode.ok;
}
