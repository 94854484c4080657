/**
 * The apply order of a plan, in one place (docs/config-format.md, "Apply
 * order"), following the seeds of the bash tooling:
 *   1. DNS and the firewall: guests must resolve and reach each other; then
 *      the certificates issued over DNS-01 (they need the DNS server);
 *   2. Traefik and the NGINX gateway, when a VM that runs stacks depends on
 *      their guest (directly or through other guests);
 *   3. Swarm VMs joined over ssh (`swarm.join`), each with its labels; then
 *      node labels that placement needs (set and changed, none removed);
 *   4. the stacks, each after the stacks it depends on (`after`), the
 *      independent ones side by side;
 *   5. node labels no longer used (removed);
 *   6. Traefik and NGINX otherwise: they route to what now runs.
 * Certificates issued over HTTP-01 go around the gateway that answers the
 * challenge: a missing one gets a stand-in pair before it (so `nginx -t`
 * passes), and is issued after it.
 */
import type { DesiredState } from "../config/desired-state.js";
import { buildStackGraph, deploymentKey, reachableGuests } from "../config/stack-dependencies.js";
import { orderStackSteps } from "../plan/order/order-stack-steps.js";
import type { InfraChange, InfraOutputKind, NodeChange, NodeJoin, PlanStep, StackChange } from "../plan/plan.js";
import type { DesiredStack } from "./desired-stack.js";

export interface PlanStepInput {
  readonly state: DesiredState;
  readonly desired: readonly DesiredStack[];
  readonly stacks: readonly StackChange[];
  readonly infra: readonly InfraChange[];
  readonly nodes: readonly NodeChange[];
  readonly joins?: readonly NodeJoin[];
  readonly certificates?: CertificateSteps;
}

/** Certificate steps by where they go: DNS-01 after DNS; HTTP-01 around the gateway that answers it. */
export interface CertificateSteps {
  readonly early: readonly PlanStep[];
  readonly beforeGateway: readonly PlanStep[];
  readonly afterGateway: readonly PlanStep[];
}

const NO_CERTIFICATE_STEPS: CertificateSteps = { early: [], beforeGateway: [], afterGateway: [] };

export function orderPlanSteps(input: PlanStepInput): PlanStep[] {
  const { state, infra, nodes } = input;
  const certificates = input.certificates ?? NO_CERTIFICATE_STEPS;
  const changedOutputs = (ids: readonly InfraOutputKind[]): PlanStep[] =>
    ids
      .filter((id) => infra.some((f) => f.output === id && f.action !== "unchanged"))
      .flatMap((id) => {
        const step = { unit: `infra/${id}`, action: "apply" };
        return id === "nginx" ? [...certificates.beforeGateway, step, ...certificates.afterGateway] : [step];
      });
  // HTTP-01 certificates go around the gateway; when the gateway itself does not change they still need a place.
  const gatewayChanges = infra.some((f) => f.output === "nginx" && f.action !== "unchanged");
  const needed = proxiesStacksNeed(state);
  const proxies: InfraOutputKind[] = ["traefik", "nginx"];
  return [
    ...changedOutputs(["certificates", "dns", "firewall"]),
    ...certificates.early,
    ...changedOutputs(proxies.filter((p) => needed.has(p))),
    ...(input.joins ?? []).map((j) => ({ unit: `join/${j.vmid}`, action: "join" })),
    ...nodes.filter((n) => n.setsFirst).map((n) => ({ unit: `node/${n.node}`, action: "update" })),
    ...orderStackSteps(input.stacks, stackDependencies(state, input.desired)),
    ...nodes.filter((n) => n.removesAfter).map((n) => ({ unit: `node/${n.node}`, action: "remove-labels" })),
    ...changedOutputs(proxies.filter((p) => !needed.has(p))),
    ...(gatewayChanges ? [] : [...certificates.beforeGateway, ...certificates.afterGateway]),
  ];
}

/** Namespace → the namespaces of the deployments it depends on. */
function stackDependencies(state: DesiredState, desired: readonly DesiredStack[]): Map<string, string[]> {
  const dependsOn = new Map([...state.stacks.values()].map((s) => [s.name, s.dependsOn]));
  const graph = buildStackGraph({ guests: state.guests, assignments: state.assignments, dependsOn });
  const namespaceOf = new Map(desired.map((d) => [deploymentKey(d.stack, d.environment), d.namespace]));
  const after = new Map<string, string[]>();
  for (const [key, edges] of graph.after) {
    const namespace = namespaceOf.get(key);
    if (namespace === undefined) continue;
    after.set(namespace, edges.map((e) => namespaceOf.get(e.to)).filter((n): n is string => n !== undefined));
  }
  return after;
}

/** The proxy outputs whose guest a VM that runs stacks depends on. */
function proxiesStacksNeed(state: DesiredState): Set<InfraOutputKind> {
  const dependsOn = new Map(state.guests.map((g) => [g.id, g.dependsOn]));
  const reached = new Set<string>();
  for (const vmid of new Set(state.assignments.map((a) => a.vmid))) for (const guest of reachableGuests(vmid, dependsOn).keys()) reached.add(guest);
  const needed = new Set<InfraOutputKind>();
  if (state.roles.proxy !== undefined && reached.has(state.roles.proxy)) needed.add("traefik");
  if (state.roles.gateway !== undefined && reached.has(state.roles.gateway)) needed.add("nginx");
  return needed;
}
