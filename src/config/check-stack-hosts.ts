/**
 * Where the stacks are assigned, checked before anything is deployed: a
 * stack on a VM without Docker is refused (the swarm has no node there), a
 * stack on no VM at all is never deployed, and a stack on a Docker VM that
 * is no Swarm node runs without placement.
 */
import type { Diagnostic } from "../errors.js";
import type { DesiredState, Guest } from "./desired-state.js";
import { diagnosticAtOrigin } from "./origin.js";
import { listSwarmVms } from "./swarm-vms.js";
import { VM_FILE } from "./config-files.js";

/** One stack in one environment as it will be deployed, and the VMs that list it. */
export interface StackOnVms {
  readonly stack: string;
  readonly environment: string;
  readonly vmids: readonly string[];
  readonly placement: "assigned" | "any";
}

export function checkStackHosts(state: DesiredState, deployed: readonly StackOnVms[]): Diagnostic[] {
  return [...checkDockerVms(state), ...checkUnassignedStacks(state), ...checkSwarmNodes(state, deployed)];
}

/** `docker_stacks` on a VM without the `docker` feature: Docker is never installed there, so no node can run them. */
function checkDockerVms(state: DesiredState): Diagnostic[] {
  const vms = new Map(state.guests.filter((g) => g.kind === "vm").map((g) => [g.id, g]));
  return state.assignments.flatMap((assignment) => {
    const vm = vms.get(assignment.vmid);
    if (vm === undefined || vm.features.includes("docker")) return [];
    return [
      diagnosticAtOrigin(assignment.origin, {
        code: "CONFIG_STACK_ON_VM_WITHOUT_DOCKER",
        message: `stack "${assignment.stack}" is assigned to ${describeVm(vm)}, which does not run Docker (no "docker" in its features)`,
        hint: `add "docker" to the features of VM ${vm.id}, or list the stack in docker_stacks of a VM that has it`,
      }),
    ];
  });
}

/** A stack directory no VM lists: loaded and checked, but a sync never deploys it. */
function checkUnassignedStacks(state: DesiredState): Diagnostic[] {
  const assigned = new Set(state.assignments.map((a) => a.stack));
  return [...state.stacks.values()]
    .filter((stack) => !assigned.has(stack.name))
    .map((stack) =>
      diagnosticAtOrigin(stack.origin, {
        severity: "warning",
        code: "CONFIG_STACK_UNASSIGNED",
        message: `stack ${stack.name} is assigned to no VM: it will not be deployed`,
        hint: `list "${stack.name}" in docker_stacks of a VM in ${VM_FILE.path}`,
      }),
    );
}

/** A stack assigned to a Docker VM that is no Swarm node cannot be placed there: it is deployed without placement. */
function checkSwarmNodes(state: DesiredState, deployed: readonly StackOnVms[]): Diagnostic[] {
  const nodes = new Set(listSwarmVms(state).map((vm) => vm.id));
  const dockerVms = new Set(state.guests.filter((g) => g.kind === "vm" && g.features.includes("docker")).map((g) => g.id));
  const out: Diagnostic[] = [];
  for (const stack of deployed) {
    if (stack.placement !== "assigned") continue;
    for (const vmid of stack.vmids) {
      // A VM without Docker is refused above: one message per mistake.
      if (nodes.has(vmid) || !dockerVms.has(vmid)) continue;
      const assignment = state.assignments.find((a) => a.stack === stack.stack && a.environment === stack.environment && a.vmid === vmid);
      if (assignment === undefined) continue;
      out.push(
        diagnosticAtOrigin(assignment.origin, {
          severity: "warning",
          stage: "plan",
          code: "STACK_VM_NOT_A_NODE",
          message: `stack ${stack.stack} is assigned to VM ${vmid}, which is no Swarm node (it needs the docker feature and a portainer_role): it is deployed without placement`,
          hint: 'give the VM the docker feature and a portainer_role, or set "placement": "any" in its phoenix.json',
        }),
      );
    }
  }
  return out;
}

function describeVm(vm: Guest): string {
  return `VM ${vm.id} (${vm.name})`;
}
