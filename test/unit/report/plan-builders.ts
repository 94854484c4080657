import { createTwoFilesPatch } from "diff";
import { PLAN_SCHEMA_VERSION, type FieldChange, type InfraChange, type ObjectChange, type Plan, type StackAction, type StackChange } from "../../../src/plan/plan.js";

/** A plan of the bundled example config at a fixed pair of commits; `parts` replaces what a scenario changes. */
export function buildPlan(parts: Partial<Omit<Plan, "schemaVersion">> = {}): Plan {
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    source: { description: "example/phoenix-config@9f3c2a1", commit: "9f3c2a1e5b7d4c3a2f1e0d9c8b7a6f5e4d3c2b1a", base: "4b7d0e2c1a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d" },
    environment: "production",
    stacks: ["api_service", "status_page", "web_app"].map((name) => stack(name, "unchanged")),
    infra: EXAMPLE_FILES.map(([output, file]) => ({ output, file, action: "unchanged", diff: "" })),
    steps: [],
    warnings: [],
    ...parts,
  };
}

/** The example config's infra files where the deployments put them. */
export const EXAMPLE_FILES: readonly (readonly [InfraChange["output"], string])[] = [
  ["dns", "/etc/dnsmasq.conf"],
  ["dns", "/etc/dnsmasq.d/00-phoenix-internal.conf"],
  ["firewall", "/etc/pve/firewall/cluster.fw"],
  ["firewall", "/etc/pve/firewall/1001.fw"],
  ["firewall", "/etc/pve/firewall/1002.fw"],
  ["traefik", "/etc/traefik/dynamic/dynamic_conf.yml"],
  ["nginx", "/etc/nginx/sites-available/gateway"],
];

export function stack(name: string, action: StackAction, objects: readonly ObjectChange[] = [], namespace = name): StackChange {
  return { stack: name, namespace, action, objects };
}

export function object(kind: ObjectChange["kind"], name: string, action: ObjectChange["action"], fields: readonly FieldChange[] = []): ObjectChange {
  return { kind, name, action, fields };
}

export function change(path: string, before: string, after: string, sensitive?: boolean): FieldChange {
  return { path, op: "change", before, after, ...(sensitive === undefined ? {} : { sensitive }) };
}

export function added(path: string, after: string, sensitive?: boolean): FieldChange {
  return { path, op: "add", after, ...(sensitive === undefined ? {} : { sensitive }) };
}

export function removed(path: string, before: string): FieldChange {
  return { path, op: "remove", before };
}

/** An infra file whose content goes from `before` to `after`, with the diff the deployment planner writes. */
export function fileChange(output: InfraChange["output"], file: string, before: string, after: string): InfraChange {
  const action = before === "" ? "create" : after === "" ? "remove" : "update";
  return { output, file, action, diff: createTwoFilesPatch(file, file, before, after, "current", "desired") };
}

/** The plan's infra list with some files replaced by their changes. */
export function withInfra(...changes: readonly InfraChange[]): InfraChange[] {
  const byFile = new Map(changes.map((c) => [c.file, c]));
  const known = EXAMPLE_FILES.map(([output, file]): InfraChange => byFile.get(file) ?? { output, file, action: "unchanged", diff: "" });
  return [...known, ...changes.filter((c) => !EXAMPLE_FILES.some(([, f]) => f === c.file))];
}

/** The example stacks, with some replaced by changed ones (sorted by name, as the planner sorts them). */
export function withStacks(...changes: readonly StackChange[]): StackChange[] {
  const byName = new Map<string, StackChange>(["api_service", "status_page", "web_app"].map((n) => [n, stack(n, "unchanged")]));
  for (const c of changes) byName.set(c.stack, c);
  return [...byName.values()].sort((a, b) => (a.stack < b.stack ? -1 : 1));
}
