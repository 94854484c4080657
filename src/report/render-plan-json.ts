import type { Diagnostic } from "../errors.js";
import { hasChanges, PLAN_SCHEMA_VERSION, type FieldChange, type Plan, type PlanImpact, type PlanTopology, type SwarmNodeSummary } from "../plan/plan.js";
import { maskPlan, type MaskOptions } from "./mask-plan.js";
import type { PlanJsonDocument } from "./plan-json-document.js";
import { toCertificateJson } from "./certificate-plan-sections.js";

/**
 * The plan as the versioned JSON document of docs/plan-json.md: keys in a
 * fixed order, two-space indentation, a final newline, secret values left
 * out. Same plan in, same bytes out.
 */
export function renderPlanJson(plan: Plan, options: MaskOptions = {}): string {
  return `${JSON.stringify(toPlanJsonDocument(plan, options), null, 2)}\n`;
}

export function toPlanJsonDocument(plan: Plan, options: MaskOptions = {}): PlanJsonDocument {
  const safe = maskPlan(plan, options);
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    kind: "PhoenixPlan",
    environment: safe.environment,
    source: {
      description: safe.source.description,
      ...(safe.source.commit === undefined ? {} : { commit: safe.source.commit }),
      ...(safe.source.dirty === true ? { dirty: true } : {}),
      ...(safe.source.base === undefined ? {} : { base: safe.source.base }),
    },
    hasChanges: hasChanges(safe),
    stacks: safe.stacks.map((s) => ({
      stack: s.stack,
      namespace: s.namespace,
      action: s.action,
      objects: s.objects.map((o) => ({ kind: o.kind, name: o.name, action: o.action, fields: o.fields.map(toJsonField) })),
      ...(s.drift ? { drift: true } : {}),
    })),
    infra: safe.infra.map((f) => ({ output: f.output, file: f.file, action: f.action, diff: f.diff, ...(f.drift ? { drift: true } : {}) })),
    ...(safe.certificates === undefined ? {} : { certificates: safe.certificates.map(toCertificateJson) }),
    steps: safe.steps.map((s) => ({ unit: s.unit, action: s.action, ...(s.after === undefined ? {} : { after: [...s.after] }) })),
    warnings: safe.warnings.map(toJsonDiagnostic),
    ...(safe.topology === undefined ? {} : { topology: toJsonTopology(safe.topology) }),
    ...(safe.nodes === undefined ? {} : { nodes: safe.nodes.map((n) => ({ node: n.node, id: n.id, action: n.action, fields: n.fields.map(toJsonField) })) }),
    ...(safe.joins === undefined ? {} : { joins: safe.joins.map((j) => ({ vmid: j.vmid, name: j.name, role: j.role, address: j.address, user: j.user })) }),
    ...(safe.impact === undefined ? {} : { impact: toJsonImpact(safe.impact) }),
    ...(safe.trust === undefined ? {} : { trust: { ref: safe.trust.ref, ...(safe.trust.commit === undefined ? {} : { commit: safe.trust.commit }), changes: safe.trust.changes.map((c) => ({ ...c })) } }),
  };
}

function toJsonTopology(topology: PlanTopology): NonNullable<PlanJsonDocument["topology"]> {
  const node = (n: SwarmNodeSummary) => ({ id: n.id, hostname: n.hostname, address: n.address, role: n.role, state: n.state });
  return {
    vms: topology.vms.map((vm) => ({
      vmid: vm.vmid,
      name: vm.name,
      role: vm.role,
      ...(vm.node === undefined ? {} : { node: node(vm.node) }),
      ...(vm.matchedBy === undefined ? {} : { matchedBy: vm.matchedBy }),
    })),
    unmatchedNodes: topology.unmatchedNodes.map(node),
  };
}

function toJsonImpact(impact: PlanImpact): NonNullable<PlanJsonDocument["impact"]> {
  return {
    changedPaths: [...impact.changedPaths],
    stacks: impact.stacks.map((s) => ({ name: s.name, reasons: [...s.reasons] })),
    infra: impact.infra.map((f) => ({ output: f.output, reasons: [...f.reasons] })),
    guests: impact.guests.map((g) => ({ id: g.id, reasons: [...g.reasons] })),
    settingsChanged: impact.settingsChanged,
  };
}

function toJsonField(field: FieldChange): PlanJsonDocument["stacks"][number]["objects"][number]["fields"][number] {
  const sensitive = field.sensitive === true;
  return {
    path: field.path,
    op: field.op,
    ...(sensitive || field.before === undefined ? {} : { before: field.before }),
    ...(sensitive || field.after === undefined ? {} : { after: field.after }),
    sensitive,
  };
}

function toJsonDiagnostic(d: Diagnostic): PlanJsonDocument["warnings"][number] {
  return {
    severity: d.severity,
    code: d.code,
    stage: d.stage,
    ...(d.file === undefined ? {} : { file: d.file }),
    ...(d.line === undefined ? {} : { line: d.line }),
    ...(d.column === undefined ? {} : { column: d.column }),
    ...(d.path === undefined ? {} : { path: d.path }),
    message: d.message,
    ...(d.hint === undefined ? {} : { hint: d.hint }),
  };
}
