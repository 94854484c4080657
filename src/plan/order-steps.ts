import type { Plan, PlanStep, StackChange } from "./plan.js";

/** Certificate steps by where they go: DNS-01 after DNS; HTTP-01 around the gateway that answers it. */
export interface CertificateSteps {
  readonly early: readonly PlanStep[];
  readonly beforeGateway: readonly PlanStep[];
  readonly afterGateway: readonly PlanStep[];
}

const NO_CERTIFICATE_STEPS: CertificateSteps = { early: [], beforeGateway: [], afterGateway: [] };

/**
 * DNS and the firewall first (guests must resolve and reach each other),
 * certificates (DNS-01 needs the DNS server), then stacks, then the proxies
 * that route to them; HTTP-01 certificates after the gateway that answers them.
 */
export function orderSteps(stacks: readonly StackChange[], infra: Plan["infra"], certificates: CertificateSteps = NO_CERTIFICATE_STEPS): PlanStep[] {
  const changedOutputs = (ids: readonly string[]) =>
    ids.filter((id) => infra.some((f) => f.output === id && f.action !== "unchanged")).map((id) => ({ unit: `infra/${id}`, action: "apply" }));
  return [
    ...changedOutputs(["dns", "firewall"]),
    ...certificates.early,
    ...stacks.filter((s) => s.action !== "unchanged" && s.action !== "orphaned").map((s) => ({ unit: `stack/${s.namespace}`, action: s.action })),
    ...changedOutputs(["traefik"]),
    ...certificates.beforeGateway,
    ...changedOutputs(["nginx"]),
    ...certificates.afterGateway,
  ];
}
