/**
 * Bulk clean-up for the suite, in the order the 20.10 engine needs
 * (docs/development.md): every service of every stack, then wait until their
 * tasks are gone, then networks, secrets and configs.
 */
import type Docker from "dockerode";
import { setTimeout as sleep } from "node:timers/promises";

const NAMESPACE = "com.docker.stack.namespace";

const ignore = () => undefined;

export async function cleanUpStacks(docker: Docker, matches: (stack: string) => boolean, timeoutMs = 90_000): Promise<void> {
  const owned = (labels: Record<string, string> | undefined) => {
    const stack = labels?.[NAMESPACE];
    return stack !== undefined && matches(stack);
  };
  const filters = { label: [NAMESPACE] };
  const services = (await docker.listServices({ filters })).filter((s) => owned(s.Spec?.Labels));
  const ids = new Set(services.map((s) => s.ID));
  await Promise.all(services.map((s) => docker.getService(s.ID).remove().catch(ignore)));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const tasks = await docker.listTasks();
    const containers = await docker.listContainers({ all: true, filters });
    const left = tasks.filter((t) => ids.has(t.ServiceID ?? "")).length + containers.filter((c) => owned(c.Labels)).length;
    if (left === 0) break;
    await sleep(300);
  }
  for (const network of await docker.listNetworks({ filters })) if (owned(network.Labels)) await docker.getNetwork(network.Id).remove().catch(ignore);
  for (const secret of await docker.listSecrets({ filters })) {
    if (owned(secret.Spec?.Labels)) await docker.getSecret(secret.ID).remove().catch(ignore);
  }
  for (const config of await docker.listConfigs({ filters })) {
    if (owned(config.Spec?.Labels)) await docker.getConfig(config.ID).remove().catch(ignore);
  }
}
