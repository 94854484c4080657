import type { DesiredState } from "../config/desired-state.js";
import type { TrustChange } from "../plan/plan.js";
import { readHypervisorAddress } from "../infra/config-fields.js";
import { REPO_SETTINGS_FILE, type RepoSettings } from "../settings/repo-settings.js";
import { INFRA_TARGET_OUTPUTS } from "../settings/infra-target-settings.js";
import { PLAN_SHAPING_CERTIFICATE_KEYS } from "../settings/certificate-settings.js";
import { listSwarmVms } from "../config/swarm-vms.js";

const CERTIFICATE_MANIFEST = "etc/certificate-manifest.json";
const LXC_CONFIGS = "etc/phoenix_lxc_configs.json";
const HYPERVISOR_CONFIG = "etc/phoenix_hypervisor_config.json";
const VM_CONFIGS = "etc/phoenix_vm_configs.json";

/** Certificate fields Phoenix writes to, runs, or pushes to a guest by (the certificates stage). */
const CERTIFICATE_FIELDS = ["cert_path", "key_path", "post_renewal_command", "guest_id", "guest_type"] as const;

/** One value that makes Phoenix execute a program, connect somewhere or touch a host path. */
export interface ExecutionValue {
  readonly file: string;
  readonly setting: string;
  /** Canonical JSON (sorted keys), so reordered keys are no change. */
  readonly value: string;
}

/**
 * Every value of a config repo that decides what Phoenix executes or connects
 * to: where and how each infra output is deployed (host, user, ssh options,
 * directory, reload command), the Swarm endpoint and how VMs are joined, the containers the LXC
 * targets default to, the address the DNS probe asks, and the certificate
 * paths and renewal commands, and how certificates are issued and installed
 * (`certificates:` but its renewal window and key type). Keyed by `file setting`.
 */
export function listExecutionValues(settings: RepoSettings | undefined, state: DesiredState | undefined): Map<string, ExecutionValue> {
  const values = new Map<string, ExecutionValue>();
  const add = (file: string, setting: string, value: unknown) => {
    if (value !== undefined) values.set(`${file} ${setting}`, { file, setting, value: canonicalJson(value) });
  };
  if (settings !== undefined) {
    add(REPO_SETTINGS_FILE, "swarm.endpoint", settings.swarm.endpoint);
    // Joining connects to every Swarm VM over ssh and hands it a join token.
    add(REPO_SETTINGS_FILE, "swarm.join", settings.swarm.join);
    for (const output of INFRA_TARGET_OUTPUTS) add(REPO_SETTINGS_FILE, `infra.targets.${output}`, settings.infra.targets[output]);
    // The ACME directory, the account key file, the DNS server, the guests' trust store and its update command.
    const shaping: readonly string[] = PLAN_SHAPING_CERTIFICATE_KEYS;
    for (const [key, value] of Object.entries(settings.certificates ?? {}))
      if (!shaping.includes(key)) add(REPO_SETTINGS_FILE, `certificates.${key}`, value);
    add(REPO_SETTINGS_FILE, "readiness", settings.readiness);
  }
  if (state !== undefined) {
    add(LXC_CONFIGS, "the Traefik guest (feature traefik): its CTID is the traefik target's container", state.roles.proxy);
    add(LXC_CONFIGS, "the NGINX gateway guest: its CTID is the nginx target's container", state.roles.gateway);
    add(HYPERVISOR_CONFIG, "network.interfaces.address (the DNS server the DNS probe asks)", readHypervisorAddress(state));
    // The readiness checks connect to these guests (src/infra/readiness).
    for (const [role, id] of [["Traefik", state.roles.proxy], ["CA", state.roles.ca]] as const) {
      const guest = state.guests.find((g) => g.id === id);
      if (guest) add(LXC_CONFIGS, `the ${role} guest's address and port (the readiness check connects to it)`, { ip: guest.ip, port: guest.traefikService?.port });
    }
    // With swarm.join on, a sync connects over ssh to the address of every Swarm VM no node plays.
    if (settings?.swarm.join.enabled === true)
      for (const vm of listSwarmVms(state)) add(VM_CONFIGS, `VM ${vm.id}'s network_config.ip (swarm.join connects to it over ssh)`, vm.ip);
    for (const certificate of state.certificates) {
      for (const field of CERTIFICATE_FIELDS) {
        add(CERTIFICATE_MANIFEST, `certificates[${JSON.stringify(certificate.common_name)}].${field}`, (certificate as Record<string, unknown>)[field]);
      }
    }
  }
  return values;
}

/** What the untrusted tree changes of the trusted tree's execution values, in a stable order. */
export function diffExecutionValues(trusted: ReadonlyMap<string, ExecutionValue>, planned: ReadonlyMap<string, ExecutionValue>): TrustChange[] {
  const keys = [...new Set([...trusted.keys(), ...planned.keys()])].sort();
  const changes: TrustChange[] = [];
  for (const key of keys) {
    const before = trusted.get(key);
    const after = planned.get(key);
    if (before?.value === after?.value) continue;
    const where = (before ?? after) as ExecutionValue;
    changes.push({
      file: where.file,
      setting: where.setting,
      ...(before ? { before: before.value } : {}),
      ...(after ? { after: after.value } : {}),
    });
  }
  return changes;
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}
