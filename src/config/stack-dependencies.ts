/**
 * Which stack deployments come before which (pure), from two sources:
 * - a stack inherits its VMs' guest dependencies: a stack on a VM that
 *   depends (directly or through other guests) on a VM depends on the
 *   stacks assigned to that VM, in every environment;
 * - `depends_on` of a stack's phoenix.json names stacks that come first, in
 *   every environment they are deployed in.
 * A deployment is a stack in an environment (`web_app@production`).
 */
import type { Diagnostic } from "../errors.js";
import type { Guest, Origin, StackAssignment, StackDependency } from "./desired-state.js";
import { findDependencyCycles, type DependencyEdge } from "./find-dependency-cycle.js";
import { diagnosticAtOrigin } from "./origin.js";

export interface StackGraphInput {
  readonly guests: readonly Pick<Guest, "id" | "dependsOn">[];
  readonly assignments: readonly StackAssignment[];
  /** Each stack's `depends_on`, by stack name. */
  readonly dependsOn: ReadonlyMap<string, readonly StackDependency[]>;
}

export interface StackGraph {
  /** Deployment key (`stack@environment`) → the keys it comes after, each with where that is declared and why. */
  readonly after: ReadonlyMap<string, readonly StackEdge[]>;
}

export interface StackEdge {
  readonly to: string;
  readonly origin: Origin;
  /** `depends_on`, or `VM 1002 depends on VM 1001`. */
  readonly why: string;
}

export function deploymentKey(stack: string, environment: string): string {
  return `${stack}@${environment}`;
}

export function buildStackGraph(input: StackGraphInput): StackGraph {
  const dependsOn = new Map(input.guests.map((g) => [g.id, g.dependsOn]));
  const deployments = new Map<string, StackAssignment[]>();
  for (const a of input.assignments) {
    const key = deploymentKey(a.stack, a.environment);
    const list = deployments.get(key);
    if (list === undefined) deployments.set(key, [a]);
    else list.push(a);
  }
  // The deployments on each VM, in deployment order: looked up once per reachable guest of every assignment.
  const byVm = new Map<string, string[]>();
  for (const [key, list] of deployments) {
    for (const vmid of new Set(list.map((a) => a.vmid))) byVm.set(vmid, [...(byVm.get(vmid) ?? []), key]);
  }
  const onVm = (vmid: string) => byVm.get(vmid) ?? [];
  const after = new Map<string, StackEdge[]>();
  for (const [key, list] of deployments) {
    const edges = new Map<string, StackEdge>();
    const add = (edge: StackEdge) => {
      if (edge.to !== key && !edges.has(edge.to)) edges.set(edge.to, edge);
    };
    for (const assignment of list) {
      for (const [guest, path] of reachableGuests(assignment.vmid, dependsOn)) {
        for (const to of onVm(guest)) add({ to, origin: assignment.origin, why: `VM ${[assignment.vmid, ...path].join(" depends on ")}` });
      }
    }
    const stack = list[0]?.stack ?? "";
    for (const dep of input.dependsOn.get(stack) ?? []) {
      for (const to of deployments.keys()) if (to.startsWith(`${dep.stack}@`)) add({ to, origin: dep.origin, why: "depends_on" });
    }
    after.set(key, [...edges.values()]);
  }
  return { after };
}

/** Every guest reachable from `start` through dependencies, with the path that reaches it first. */
export function reachableGuests(start: string, dependsOn: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const queue: [string, string[]][] = [[start, []]];
  while (queue.length > 0) {
    const [id, path] = queue.shift() as [string, string[]];
    for (const next of dependsOn.get(id) ?? []) {
      if (next === start || found.has(next)) continue;
      const reached = [...path, next];
      found.set(next, reached);
      queue.push([next, reached]);
    }
  }
  return found;
}

/** A cycle among stack deployments is an error at the declaration that closes it, naming the path. */
export function checkStackCycles(graph: StackGraph): Diagnostic[] {
  const edges = new Map<string, DependencyEdge[]>([...graph.after].map(([key, list]) => [key, list.map((e) => ({ to: e.to, origin: e.origin }))]));
  return findDependencyCycles([...edges.keys()], edges).map((cycle) =>
    diagnosticAtOrigin(cycle.origin, {
      code: "CONFIG_STACK_DEPENDENCY_CYCLE",
      message: `stack dependency cycle: ${cycle.path.join(" → ")} (depends_on of phoenix.json and the VMs' dependencies, which a stack inherits)`,
      hint: "remove one depends_on entry of the cycle, or assign the stacks to VMs that do not depend on each other",
    }),
  );
}

/** `depends_on` names stacks of the config, other than the stack itself. */
export function checkDependsOn(dependsOn: ReadonlyMap<string, readonly StackDependency[]>, known: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [stack, list] of dependsOn) {
    for (const dep of list) {
      if (dep.stack === stack) out.push(diagnosticAtOrigin(dep.origin, { code: "CONFIG_STACK_DEPENDS_ON_ITSELF", message: `stack ${stack} cannot depend on itself` }));
      else if (!known.has(dep.stack))
        out.push(diagnosticAtOrigin(dep.origin, { code: "CONFIG_UNKNOWN_STACK", message: `depends on unknown stack "${dep.stack}" (known: ${[...known].join(", ") || "none"})` }));
    }
  }
  return out;
}
