/**
 * The daemon stores attachment targets as network IDs while a spec names
 * networks; the diff needs ID → name. Known networks (the stack's, the
 * external ones) cover the usual case; any other ID found in a live spec is
 * looked up, so that a service attached to a network outside the stack still
 * compares by name.
 */
import type { NetworkInfo, ServiceInfo } from "../engine/engine-objects.js";
import type { SwarmPort } from "./swarm-port.js";

export async function mapNetworkNames(
  port: SwarmPort,
  known: readonly NetworkInfo[],
  services: readonly ServiceInfo[],
): Promise<Map<string, string>> {
  const names = new Map(known.map((network) => [network.Id, network.Name]));
  const unknown = new Set<string>();
  for (const service of services) {
    for (const attachment of [...(service.Spec.TaskTemplate.Networks ?? []), ...(service.Spec.Networks ?? [])]) {
      if (!names.has(attachment.Target)) unknown.add(attachment.Target);
    }
  }
  for (const id of unknown) {
    const network = await port.inspectNetwork(id);
    if (network !== undefined) names.set(network.Id, network.Name);
  }
  return names;
}
