import { z } from "zod";
import { FirewallRule } from "./firewall-rule.js";

const Policy = z.enum(["ACCEPT", "DROP", "REJECT"]);

/**
 * The datacenter-wide Proxmox firewall: `shared_volumes.firewall` in the main
 * layout, top-level `firewall` in the newer one.
 */
export const HypervisorFirewall = z.looseObject({
  /** Whether the Proxmox firewall runs at all; when false Phoenix renders it disabled. */
  enabled: z.boolean().describe("Whether the Proxmox firewall is enabled."),
  /** Policy for incoming traffic no rule matched. */
  default_input_policy: Policy.optional().describe("Policy for incoming traffic no rule matched (default DROP, as Proxmox)."),
  /** Policy for outgoing traffic no rule matched. */
  default_output_policy: Policy.optional().describe("Policy for outgoing traffic no rule matched (default ACCEPT, as Proxmox)."),
  /** Rules that apply to the hypervisor itself. */
  global_firewall_rules: z.array(FirewallRule).optional().describe("Rules for the hypervisor itself, in order."),
});
export type HypervisorFirewall = z.infer<typeof HypervisorFirewall>;
