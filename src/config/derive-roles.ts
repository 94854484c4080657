import type { Diagnostic } from "../errors.js";
import type { Guest, GuestRoles } from "./desired-state.js";
import { diagnosticAtOrigin } from "./origin.js";

/**
 * Which guests play the parts Phoenix must know about, derived from the
 * config instead of the ids and addresses the bash hard-coded (101, 102, 103,
 * 1001, 10.0.0.x). When several guests qualify the first in guest order is
 * used and a warning names the others.
 */
export function deriveRoles(guests: readonly Guest[]): { roles: GuestRoles; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const pick = (role: string, candidates: readonly Guest[]): string | undefined => {
    const [first, ...others] = candidates;
    for (const other of others)
      diagnostics.push(
        diagnosticAtOrigin(other.origin, {
          severity: "warning",
          code: "CONFIG_ROLE_AMBIGUOUS",
          message: `${other.id} (${other.name}) also qualifies as the ${role}; ${first?.id} (${first?.name}) is used`,
        }),
      );
    return first?.id;
  };
  const byServiceName = guests.filter((g) => g.traefikService?.name.toLowerCase() === "nginx");
  const gateway = pick("gateway", byServiceName.length > 0 ? byServiceName : guests.filter((g) => g.name.toLowerCase().includes("nginx")));
  const proxy = pick("proxy", guests.filter((g) => g.features.includes("traefik")));
  const ca = pick("certificate authority", guests.filter((g) => g.features.includes("step_ca")));
  const vms = guests.filter((g) => g.kind === "vm");
  const swarmManager = pick("Swarm manager", vms.filter((g) => swarmRole(g) === "manager"));
  const swarmWorkers = vms.filter((g) => swarmRole(g) === "worker").map((g) => g.id);
  return { roles: { gateway, proxy, ca, swarmManager, swarmWorkers }, diagnostics };
}

/** `portainer_role` of the main layout, `swarm_role` of the newer one. */
export function swarmRole(guest: Guest): "manager" | "worker" | undefined {
  const { portainer_role: portainerRole, swarm_role: swarmRole } = guest.config;
  if (portainerRole === "primary" || swarmRole === "manager") return "manager";
  if (portainerRole === "agent" || swarmRole === "worker") return "worker";
  return undefined;
}
