import type { Plan, PlanStep, StackChange } from "./plan.js";

/** DNS and the firewall first (guests must resolve and reach each other), then stacks, then the proxies that route to them. */
export function orderSteps(stacks: readonly StackChange[], infra: Plan["infra"]): PlanStep[] {
  const changedOutputs = (ids: readonly string[]) =>
    ids.filter((id) => infra.some((f) => f.output === id && f.action !== "unchanged")).map((id) => ({ unit: `infra/${id}`, action: "apply" }));
  return [
    ...changedOutputs(["dns", "firewall"]),
    ...stacks.filter((s) => s.action !== "unchanged" && s.action !== "orphaned").map((s) => ({ unit: `stack/${s.namespace}`, action: s.action })),
    ...changedOutputs(["traefik", "nginx"]),
  ];
}
