import type { Diagnostic } from "../errors.js";
import type { FirewallModel } from "./desired-state.js";
import type { HypervisorConfig } from "./schemas/hypervisor-config.js";
import type { ConfigFile } from "./read-config-file.js";
import { diagnosticAt } from "./json-document.js";

/**
 * The datacenter firewall from top-level `firewall` (newer layout) or
 * `shared_volumes.firewall` (main layout). Without either it is disabled, as
 * the bash stopped pve-firewall when the block was missing. Policies default
 * to Proxmox's own defaults (in DROP, out ACCEPT).
 */
export function buildFirewallModel(hypervisor: ConfigFile<HypervisorConfig>): { firewall: FirewallModel; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const top = hypervisor.value?.firewall;
  const legacy = hypervisor.value?.shared_volumes?.firewall;
  if (top && legacy)
    diagnostics.push(
      diagnosticAt(hypervisor.doc, ["shared_volumes", "firewall"], {
        severity: "warning",
        code: "CONFIG_FIREWALL_TWICE",
        message: "ignored: the top-level firewall block takes precedence",
        hint: "keep one firewall block: top-level firewall (newer layout) or shared_volumes.firewall (main layout)",
        atKey: true,
      }),
    );
  const block = top ?? legacy;
  return {
    firewall: {
      enabled: block?.enabled ?? false,
      policyIn: block?.default_input_policy ?? "DROP",
      policyOut: block?.default_output_policy ?? "ACCEPT",
      globalRules: block?.global_firewall_rules ?? [],
    },
    diagnostics,
  };
}
