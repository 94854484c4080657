import { z } from "zod";
import { FirewallRule } from "./firewall-rule.js";

/** A guest's own firewall: the rules Proxmox applies to its network interface. */
export const GuestFirewall = z.looseObject({
  /** Whether the guest's rules are enforced. */
  enabled: z.boolean().describe("Whether the guest's firewall rules are enforced."),
  /** Rules in the order they are applied. */
  rules: z.array(FirewallRule).optional().describe("The guest's firewall rules, in order."),
});
export type GuestFirewall = z.infer<typeof GuestFirewall>;
