import type { DesiredState, Origin } from "./desired-state.js";
import { swarmRole } from "./derive-roles.js";
import type { VmConfig } from "./schemas/vm-config.js";

/** A VM the config makes a Swarm node: it has the `docker` feature and a Swarm role. */
export interface SwarmVm {
  readonly id: string;
  readonly name: string;
  /** Its address without prefix length, the one its node should advertise; undefined for dhcp. */
  readonly ip: string | undefined;
  /** `portainer_role` primary (or `swarm_role` manager) is the manager; agent (worker) a worker. */
  readonly role: "manager" | "worker";
  /** `node_labels` split at the first `=`, in declared order. */
  readonly nodeLabels: readonly (readonly [string, string])[];
  readonly origin: Origin;
}

/** The Swarm VMs in guest order (templates are never nodes). */
export function listSwarmVms(state: Pick<DesiredState, "guests">): SwarmVm[] {
  const vms: SwarmVm[] = [];
  for (const guest of state.guests) {
    const role = swarmRole(guest);
    if (guest.kind !== "vm" || guest.isTemplate || role === undefined || !guest.features.includes("docker")) continue;
    const labels: readonly string[] = (guest.config as VmConfig).node_labels ?? [];
    vms.push({
      id: guest.id,
      name: guest.name,
      ip: guest.ip,
      role,
      nodeLabels: labels.map((label) => {
        const eq = label.indexOf("=");
        return [label.slice(0, eq), label.slice(eq + 1)] as const;
      }),
      origin: guest.origin,
    });
  }
  return vms;
}
