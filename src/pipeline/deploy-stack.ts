/**
 * Apply, then verify, for one stack: what `phoenix sync` and `phoenix stack
 * deploy` both run. The writes come from swarm/, the watching and rollback
 * from verify/. `phoenix stack deploy`: the CLI's order of operations (docs/stack-deploy.md
 * §5.1: prune → external networks → networks → secrets → configs → services),
 * with three differences in Phoenix mode: a service whose normalised spec
 * equals the live one gets no write call; secrets and configs whose content
 * changed are rotated instead of failing; changed services are watched until
 * they converge and rolled back when they do not. `compat: true` keeps the
 * CLI's writes exactly (in-place secret/config updates, an update per service).
 *
 * Throws only when nothing was attempted (not a manager, the stack cannot be
 * listed); every later failure is returned as a `failed` DeployResult after
 * the services this run changed were rolled back and the networks, secrets
 * and configs it created were removed (a failed first deploy leaves nothing).
 */
import { PhoenixError, SwarmError } from "../errors.js";
import type { DesiredFileObject } from "../plan/spec-diff/plan-file-object.js";
import { applyFileObjectsCompat } from "../swarm/apply-file-objects-compat.js";
import { applyNetworks, checkExternalNetworks } from "../swarm/apply-networks.js";
import { applyServices, type ChangedService } from "../swarm/apply-services.js";
import { createCountingSwarmPort } from "../swarm/counting-swarm-port.js";
import { readDockerMessage, readDockerStatus, toSwarmError } from "../swarm/docker-api-error.js";
import type { DeployOptions, DeployResult } from "../swarm/deploy-types.js";
import { DeployRun } from "../swarm/deploy-run.js";
import { createFileObjectApi, type FileObjectApi, type FileObjectState } from "../swarm/file-object-api.js";
import { linkServiceReferences } from "../swarm/link-service-references.js";
import { mapNetworkNames } from "../swarm/map-network-names.js";
import { pruneServices } from "../swarm/prune-services.js";
import { removeCreatedObjects } from "../swarm/remove-created-objects.js";
import { removeSupersededFileObjects } from "../swarm/remove-superseded-file-objects.js";
import { rotateFileObjects } from "../swarm/rotate-file-objects.js";
import type { StackSpec } from "../engine/stack-spec.js";
import type { StackObjects, SwarmPort } from "../swarm/swarm-port.js";
import { rollBackServices, verifyServices } from "../verify/verify-services.js";

export async function deployStack(port: SwarmPort, spec: StackSpec, options: DeployOptions): Promise<DeployResult> {
  const counting = createCountingSwarmPort(port);
  const run = new DeployRun(spec.name, options.logger, options.onEvent);
  const rollback = options.rollback ?? (options.compat ? "none" : "stack");
  options.logger.info(
    { stack: spec.name, compat: options.compat, prune: options.prune, resolveImage: options.resolveImage, detach: options.detach },
    "deploy started",
  );

  const node = await counting.getNodeState();
  if (!node.isManager) {
    throw new SwarmError(
      "apply",
      "NOT_A_MANAGER",
      'this node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again',
    );
  }
  const live = await counting.listStackObjects(spec.name);

  const changed: ChangedService[] = [];
  const apis = { secret: createFileObjectApi(counting, "secret"), config: createFileObjectApi(counting, "config") };
  let files: { secret: FileObjectState; config: FileObjectState } | undefined;
  try {
    const services = options.prune ? await pruneServices(counting, spec.services, live.services, run) : live.services;
    const external = await checkExternalNetworks(counting, spec.externalNetworks);
    const networks = await applyNetworks(counting, spec.networks, live.networks, run);
    files = {
      secret: await applyFileObjects(apis.secret, spec.secrets, live, options.compat, run),
      config: await applyFileObjects(apis.config, spec.configs, live, options.compat, run),
    };
    const owned = { secrets: files.secret.current, configs: files.config.current };
    const linked = [];
    for (const service of spec.services) linked.push(await linkServiceReferences(counting, service, owned));
    const networkNames = await mapNetworkNames(counting, [...networks, ...external], services);
    await applyServices(counting, linked, services, networkNames, options, run, changed);
  } catch (error) {
    const failure = asDeployError(error);
    if (failure === undefined) throw error;
    return stopAfterError(counting, failure, changed, { ...options, rollback }, run);
  }

  if (!options.detach) {
    const verify = { timeoutMs: options.waitTimeoutMs, rollback, monitorMs: options.monitorMs, pollIntervalMs: options.pollIntervalMs, maskText: options.maskText };
    const converged = await verifyServices(counting, changed, verify, run);
    if (!options.compat && files !== undefined) await removeSuperseded(counting, apis, files, run);
    if (!converged && rollback !== "none") await cleanUpAfterFailure(counting, run, options);
  }
  return finish(run, counting);
}

/** After a rollback: what this run created and nothing uses goes too. A failure here is a warning; the deploy failed already. */
async function cleanUpAfterFailure(port: SwarmPort, run: DeployRun, options: DeployOptions): Promise<void> {
  try {
    await removeCreatedObjects(port, run, { timeoutMs: options.waitTimeoutMs, ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }) });
  } catch (error) {
    run.warn(`objects this failed deploy created were not removed: ${readDockerMessage(error)}`);
  }
}

/** Clean-up after a finished deploy: a failure here leaves an unused object behind, it does not fail the deploy. */
async function removeSuperseded(...args: Parameters<typeof removeSupersededFileObjects>): Promise<void> {
  const run = args[3];
  try {
    await removeSupersededFileObjects(...args);
  } catch (error) {
    run.warn(`old secret/config versions were not removed: ${readDockerMessage(error)}`);
  }
}

/** Typed errors, and daemon refusals from a port that did not wrap them; anything else is a bug and propagates. */
function asDeployError(error: unknown): PhoenixError | undefined {
  if (error instanceof PhoenixError) return error;
  if (readDockerStatus(error) === undefined) return undefined;
  return toSwarmError(error, "SWARM_REQUEST_FAILED", "the Docker daemon refused a request");
}

function applyFileObjects(
  api: FileObjectApi,
  desired: readonly DesiredFileObject[],
  live: StackObjects,
  compat: boolean,
  run: DeployRun,
): Promise<FileObjectState> {
  if (compat) return applyFileObjectsCompat(api, desired, run);
  return rotateFileObjects(api, desired, api.kind === "secret" ? live.secrets : live.configs, run);
}

/** Like the CLI, the first rejected write stops the deploy; unlike it, what this run changed is undone. */
async function stopAfterError(
  port: ReturnType<typeof createCountingSwarmPort>,
  error: PhoenixError,
  changed: readonly ChangedService[],
  options: DeployOptions & { rollback: NonNullable<DeployOptions["rollback"]> },
  run: DeployRun,
): Promise<DeployResult> {
  run.emit("warning", error.message, { stream: "stderr" });
  options.logger.error({ stack: run.stack, code: error.code, err: error }, "deploy stopped");
  if (!options.detach && changed.length > 0) {
    const settings = { timeoutMs: options.waitTimeoutMs, rollback: options.rollback, pollIntervalMs: options.pollIntervalMs };
    await rollBackServices(port, changed, { failures: new Map(), cause: error.message, untouched: "not-verified" }, settings, run);
  }
  if (!options.detach && options.rollback !== "none") await cleanUpAfterFailure(port, run, options);
  return finish(run, port, { code: error.code, message: error.message });
}

function finish(
  run: DeployRun,
  port: ReturnType<typeof createCountingSwarmPort>,
  error?: { code: string; message: string },
): DeployResult {
  const result = run.toResult(port.writeCalls, error);
  run.logger.info(
    { stack: run.stack, outcome: result.outcome, writeCalls: result.writeCalls.total, durationMs: result.durationMs },
    "deploy finished",
  );
  return result;
}
