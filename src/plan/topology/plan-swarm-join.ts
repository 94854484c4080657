/**
 * Swarm init and join are bootstrap, done once per VM by a person with a
 * shell on it: this plans the exact commands (pure). Join tokens are
 * secrets: only their public part (`SWMTKN-1-<CA digest>`) is shown, the
 * secret part is a placeholder and the plan says how to read it on a manager.
 */
import type { SwarmVm } from "../../config/swarm-vms.js";
import type { PlanTopology, SwarmNodeSummary } from "../plan.js";

export type JoinStatus = "joined" | "init" | "join" | "promote";

export interface JoinStep {
  readonly vmid: string;
  readonly name: string;
  readonly role: "manager" | "worker";
  readonly status: JoinStatus;
  /** The node that plays the VM, when it is in the swarm. */
  readonly node?: SwarmNodeSummary;
  /** Where the commands run: `VM 1002 (swarm-worker)` or `a manager`. */
  readonly runOn?: string;
  readonly commands: readonly string[];
}

export interface SwarmJoinPlan {
  /** False when the node Phoenix talks to is in no swarm: the manager VM must init one first. */
  readonly swarmActive: boolean;
  /** `host:port` a joining node dials (the leader's manager address). */
  readonly joinAddress: string | undefined;
  readonly steps: readonly JoinStep[];
  /** How to read the token the commands leave out. */
  readonly readToken: readonly string[];
}

export interface SwarmJoinInput {
  readonly vms: readonly SwarmVm[];
  readonly topology: PlanTopology | undefined;
  readonly swarmActive: boolean;
  /** The leader's `ManagerStatus.Addr`, e.g. `10.213.0.11:2377`. */
  readonly managerAddress: string | undefined;
  readonly joinTokens: { readonly worker: string; readonly manager: string } | undefined;
}

const SWARM_PORT = 2377;

export function planSwarmJoin(input: SwarmJoinInput): SwarmJoinPlan {
  const firstManager = input.vms.find((vm) => vm.role === "manager") ?? input.vms[0];
  const initAddress = firstManager?.ip;
  const joinAddress = input.swarmActive ? input.managerAddress : initAddress === undefined ? undefined : `${initAddress}:${SWARM_PORT}`;
  const token = (role: "manager" | "worker") => maskJoinToken(input.joinTokens?.[role], role);
  const steps = input.vms.map((vm): JoinStep => {
    const head = { vmid: vm.id, name: vm.name, role: vm.role };
    const runOnVm = `VM ${vm.id} (${vm.name})`;
    const advertise = vm.ip === undefined ? "" : ` --advertise-addr ${vm.ip}`;
    if (!input.swarmActive && vm === firstManager) {
      return { ...head, status: "init", runOn: runOnVm, commands: [`docker swarm init${advertise}`] };
    }
    const node = input.topology?.vms.find((m) => m.vmid === vm.id)?.node;
    if (input.swarmActive && node !== undefined) {
      if (vm.role === "manager" && node.role !== "manager") return { ...head, status: "promote", node, runOn: "a manager", commands: [`docker node promote ${node.hostname}`] };
      return { ...head, status: "joined", node, commands: [] };
    }
    const target = joinAddress ?? "<manager address>:2377";
    return { ...head, status: "join", runOn: runOnVm, commands: [`docker swarm join --token ${token(vm.role)}${advertise} ${target}`] };
  });
  return {
    swarmActive: input.swarmActive,
    joinAddress,
    steps,
    readToken: ["docker swarm join-token -q worker", "docker swarm join-token -q manager"],
  };
}

/**
 * `SWMTKN-1-<digest>-<secret>` → `SWMTKN-1-<digest>-<worker-secret>`: the
 * digest names the swarm's CA and is no secret; the rest admits a node.
 */
export function maskJoinToken(token: string | undefined, role: "manager" | "worker"): string {
  const placeholder = `<${role}-secret>`;
  const match = token === undefined ? null : /^(SWMTKN-1-[0-9a-z]+)-[0-9a-z]+$/.exec(token);
  return match?.[1] === undefined ? `SWMTKN-1-<digest>-${placeholder}` : `${match[1]}-${placeholder}`;
}
