import type Docker from "dockerode";
import { execa } from "execa";
import { waitFor } from "./wait-for.js";

/** The label `docker stack deploy` puts on every object of a stack. */
export const STACK_NAMESPACE_LABEL = "com.docker.stack.namespace";

interface ServiceSummary {
  readonly ID: string;
  readonly Spec?: { readonly Name?: string; readonly Mode?: { readonly Replicated?: { readonly Replicas?: number } } };
}

interface TaskSummary {
  readonly ServiceID?: string;
  readonly DesiredState?: string;
  readonly Status?: { readonly State?: string; readonly Err?: string; readonly ContainerStatus?: { readonly ContainerID?: string } };
}

/**
 * Deploys a compose file with the real Docker CLI, the reference
 * implementation, using only local images (no registry on test machines).
 */
export async function deployStackWithCli(stack: string, composeFile: string, variables: Readonly<Record<string, string>> = {}): Promise<void> {
  await execa("docker", ["stack", "deploy", "--resolve-image", "never", "-c", composeFile, stack], {
    env: { ...variables },
    extendEnv: true,
  });
}

export async function listStackServices(docker: Docker, stack: string): Promise<ServiceSummary[]> {
  return (await docker.listServices({ filters: { label: [`${STACK_NAMESPACE_LABEL}=${stack}`] } })) as unknown as ServiceSummary[];
}

/** The running tasks of a service. Swarm reports a task with a healthcheck as running only once it is healthy. */
export async function listRunningTasks(docker: Docker, serviceId: string): Promise<TaskSummary[]> {
  const tasks = ((await docker.listTasks()) as TaskSummary[]).filter((t) => t.ServiceID === serviceId);
  return tasks.filter((t) => t.DesiredState === "running" && t.Status?.State === "running");
}

/** Waits until every replicated service of the stack runs its full replica count. */
export async function waitForStackRunning(docker: Docker, stack: string, timeoutMs = 60_000): Promise<void> {
  const pending = async (): Promise<string[]> => {
    const services = await listStackServices(docker, stack);
    const out: string[] = [];
    for (const service of services) {
      const wanted = service.Spec?.Mode?.Replicated?.Replicas ?? 1;
      const running = (await listRunningTasks(docker, service.ID)).length;
      if (running !== wanted) out.push(`${service.Spec?.Name ?? service.ID} ${running}/${wanted}`);
    }
    return services.length === 0 ? [`no services in stack ${stack}`] : out;
  };
  await waitFor(async () => ((await pending()).length === 0 ? true : undefined), {
    description: `stack ${stack} to run all its replicas`,
    timeoutMs,
    intervalMs: 500,
    describe: async () => (await pending()).join(", "),
  });
}

/**
 * Removes a stack in the order that leaves nothing allocated on Docker 20.10:
 * services, then (once their containers are gone) networks, configs and
 * secrets, then its named volumes. `docker stack rm` does all at once, which
 * can leak ingress addresses when tasks are still running.
 */
export async function removeStackCleanly(docker: Docker, stack: string, timeoutMs = 60_000): Promise<void> {
  const filters = { label: [`${STACK_NAMESPACE_LABEL}=${stack}`] };
  for (const service of await listStackServices(docker, stack)) {
    await docker.getService(service.ID).remove().catch(ignoreNotFound);
  }
  const containers = () => docker.listContainers({ all: true, filters });
  await waitFor(async () => ((await containers()).length === 0 ? true : undefined), {
    description: `the containers of stack ${stack} to be gone`,
    timeoutMs,
    intervalMs: 250,
    describe: async () => (await containers()).map((c) => `${c.Names.join(",")} ${c.State}`).join("; "),
  });
  for (const network of await docker.listNetworks({ filters })) await docker.getNetwork(network.Id).remove().catch(ignoreNotFound);
  for (const config of await docker.listConfigs({ filters })) await docker.getConfig(config.ID).remove().catch(ignoreNotFound);
  for (const secret of await docker.listSecrets({ filters })) await docker.getSecret(secret.ID).remove().catch(ignoreNotFound);
  const { Volumes } = await docker.listVolumes({ filters });
  for (const volume of Volumes ?? []) await docker.getVolume(volume.Name).remove().catch(ignoreNotFound);
}

function ignoreNotFound(err: unknown): void {
  if ((err as { statusCode?: number }).statusCode !== 404) throw err;
}
