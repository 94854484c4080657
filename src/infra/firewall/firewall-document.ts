/**
 * A Proxmox VE firewall file (`cluster.fw`, `<vmid>.fw`) as data. The
 * renderer writes it in one canonical layout and the parser reads it back, so
 * validation can check that a generated file parses to what was meant.
 */
export type FirewallFileKind = "cluster" | "guest";

export interface FirewallDocument {
  readonly options: readonly FirewallOption[];
  readonly aliases: readonly FirewallAlias[];
  readonly ipsets: readonly FirewallIpset[];
  readonly rules: readonly FirewallRuleLine[];
}

export interface FirewallOption {
  readonly key: string;
  readonly value: string;
}

export interface FirewallAlias {
  readonly name: string;
  readonly cidr: string;
  readonly comment?: string;
}

export interface FirewallIpset {
  readonly name: string;
  readonly comment?: string;
  readonly entries: readonly { readonly cidr: string; readonly nomatch: boolean; readonly comment?: string }[];
}

/** `IN ACCEPT -i net0 -p tcp -source 10.0.0.12 -dport 8000 # comment`; a leading `|` disables the rule. */
export interface FirewallRuleLine {
  readonly enabled: boolean;
  readonly direction: "IN" | "OUT" | "GROUP";
  readonly action: string;
  readonly flags: readonly FirewallFlag[];
  readonly comment?: string;
}

export interface FirewallFlag {
  readonly name: FirewallFlagName;
  readonly value: string;
}

/** The rule options pve-firewall parses; `-i` is the only interface spelling it accepts. */
export const FIREWALL_FLAG_NAMES = ["-i", "-p", "-source", "-dest", "-sport", "-dport", "-icmp-type", "-log"] as const;
export type FirewallFlagName = (typeof FIREWALL_FLAG_NAMES)[number];
