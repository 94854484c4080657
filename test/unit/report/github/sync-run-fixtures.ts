import type { InfraSyncResult, StackSyncResult, SyncRun } from "../../../../src/pipeline/run-sync.js";
import { PLAN_SCHEMA_VERSION, type Plan } from "../../../../src/plan/plan.js";
import { createSecretMasker } from "../../../../src/secrets/secret-masker.js";
import { DEFAULT_REPO_SETTINGS } from "../../../../src/settings/repo-settings.js";
import { createEmptyWriteCallCounts } from "../../../../src/swarm/counting-swarm-port.js";
import type { DeployResult } from "../../../../src/swarm/deploy-types.js";

export const COMMIT = "0123456789abcdef0123456789abcdef01234567";

const PLAN: Plan = {
  schemaVersion: PLAN_SCHEMA_VERSION,
  source: { description: "git", commit: COMMIT },
  environment: "production",
  stacks: [],
  infra: [],
  steps: [],
  warnings: [],
};

/** A finished sync of `stacks` and `infra`; `ok` as run-sync computes it. */
export function buildSyncRun(stacks: readonly StackSyncResult[], infra: readonly InfraSyncResult[]): SyncRun {
  const ok = stacks.every((r) => r.outcome === "applied" || r.outcome === "unchanged" || r.outcome === "removed") && infra.every((r) => r.outcome === "applied" || r.outcome === "unchanged");
  return { plan: PLAN, diagnostics: [], state: undefined, settings: DEFAULT_REPO_SETTINGS, desired: [], masker: createSecretMasker(), results: stacks, infra, ok };
}

export function buildDeployResult(stack: string, outcome: DeployResult["outcome"], changedServices: readonly string[], extra: Partial<DeployResult> = {}): DeployResult {
  return {
    stack,
    outcome,
    objects: changedServices.map((name) => ({ kind: "service", name, action: "update", changes: [] })),
    verifications: changedServices.map((service, i) => ({ service, id: `svc${i}`, outcome: "converged" })),
    warnings: [],
    writeCalls: createEmptyWriteCallCounts(),
    durationMs: 12_300,
    ...extra,
  };
}

export const APPLIED_DNS: InfraSyncResult = {
  output: "dns",
  target: "local",
  outcome: "applied",
  changed: ["/etc/dnsmasq.conf", "/etc/dnsmasq.d/00-phoenix-internal.conf"],
};

export const UNCHANGED_FIREWALL: InfraSyncResult = { output: "firewall", target: "ssh root@pve", outcome: "unchanged", changed: [] };

export const RESTORED_NGINX: InfraSyncResult = {
  output: "nginx",
  target: "lxc 101",
  outcome: "restored",
  changed: [],
  error: "nginx on lxc 101: probe failed (the previous files were restored): GET https://gateway.internal.example.test/ answered 502",
};

export const FAILED_TRAEFIK: InfraSyncResult = {
  output: "traefik",
  target: "lxc 102",
  outcome: "failed",
  changed: [],
  error: "traefik on lxc 102: validate failed (nothing was written): dynamic_conf.yml: line 3: bad indentation",
};
