/**
 * Networks, as `docker stack deploy` handles them (docs/stack-deploy.md §5.1
 * steps 4–5, §5.2): external networks must exist with swarm scope; a stack network
 * is created when no network of that name carries the stack's label;
 * existing networks are never changed. Phoenix additionally reports a
 * definition that differs from the live network, which the CLI ignores silently.
 */
import { SwarmError } from "../errors.js";
import { diffNetwork } from "../plan/spec-diff/diff-network.js";
import type { NetworkInfo } from "../engine/engine-objects.js";
import type { DeployRun } from "./deploy-run.js";
import type { NetworkCreate } from "../engine/stack-spec.js";
import type { SwarmPort } from "./swarm-port.js";

/** Networks every engine has on every node; the CLI does not inspect them (`IsUserDefined`). */
const PREDEFINED_NETWORKS = new Set(["host", "bridge", "none", "default"]);

/** Resolves the external networks, failing like the CLI when one is missing or node-local. */
export async function checkExternalNetworks(port: SwarmPort, names: readonly string[]): Promise<NetworkInfo[]> {
  const found: NetworkInfo[] = [];
  for (const name of names) {
    if (PREDEFINED_NETWORKS.has(name) || name.startsWith("container:")) continue;
    const network = await port.inspectNetwork(name);
    if (network === undefined) {
      throw new SwarmError(
        "apply",
        "EXTERNAL_NETWORK_MISSING",
        `network "${name}" is declared as external, but could not be found. You need to create a swarm-scoped network before the stack is deployed`,
        { hint: `docker network create --driver overlay --scope swarm ${name}` },
      );
    }
    if (network.Scope !== "swarm") {
      throw new SwarmError(
        "apply",
        "EXTERNAL_NETWORK_SCOPE",
        `network "${name}" is declared as external, but it is not in the right scope: "${network.Scope}" instead of "swarm"`,
      );
    }
    found.push(network);
  }
  return found;
}

/** Creates the missing stack networks; returns every network the stack's services may name. */
export async function applyNetworks(
  port: SwarmPort,
  desired: readonly NetworkCreate[],
  live: readonly NetworkInfo[],
  run: DeployRun,
): Promise<NetworkInfo[]> {
  const known = [...live];
  for (const spec of [...desired].sort((a, b) => compareNames(a.Name, b.Name))) {
    const existing = live.find((network) => network.Name === spec.Name);
    if (existing !== undefined) {
      const changes = diffNetwork(existing, spec);
      if (changes.length > 0) {
        run.warn(
          `network ${spec.Name} differs from its definition (${changes.map((c) => c.path).join(", ")}); ` +
            "an existing network is never updated: remove the stack's services and the network to recreate it",
          { name: spec.Name },
        );
      }
      run.record({ kind: "network", name: spec.Name, id: existing.Id, action: "unchanged", changes });
      continue;
    }
    run.emit("network.create", `Creating network ${spec.Name}`, { name: spec.Name });
    const { id } = await port.createNetwork(spec);
    run.record({ kind: "network", name: spec.Name, id, action: "create", changes: [] });
    known.push({
      Id: id,
      Name: spec.Name,
      Driver: spec.Driver,
      Scope: "swarm",
      ...(spec.Labels === undefined ? {} : { Labels: spec.Labels }),
    });
  }
  return known;
}

export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
