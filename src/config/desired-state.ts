/**
 * The typed, immutable model of a whole config repository, produced by the
 * load stage (`loadDesiredState`). Nothing after the load stage reads files
 * from the repo: everything the plan, the renderers and the deploy engine need
 * is in here. Declared inputs are kept as declared (source order, unknown keys
 * reported); policy (which name resolves where, which rule lands in which
 * firewall file) is decided by the consumers in `src/infra/`.
 */
import type { Diagnostic } from "../errors.js";
import type { HypervisorConfig } from "./schemas/hypervisor-config.js";
import type { LxcConfig } from "./schemas/lxc-config.js";
import type { VmConfig } from "./schemas/vm-config.js";
import type { CertificateEntry } from "./schemas/certificate-manifest.js";
import type { FirewallRule } from "./schemas/firewall-rule.js";
import type { ComposeProject } from "../compose/types.js";

export interface DesiredState {
  /** Where it was loaded from (a directory or `repo@sha`). */
  readonly source: string;
  /** `domain_name` of the hypervisor config, e.g. `internal.thinkheads.ai`. */
  readonly domain: string;
  readonly hypervisor: HypervisorConfig;
  /** LXC guests (file key order) then VMs (file order). */
  readonly guests: readonly Guest[];
  /** Stacks by name, sorted by name. */
  readonly stacks: ReadonlyMap<string, Stack>;
  /** Which stack runs in which environment, from the VMs' `docker_stacks`, in file order. */
  readonly assignments: readonly StackAssignment[];
  /** Records declared explicitly in the config (VM `dns_records`). */
  readonly dnsRecords: readonly DnsRecord[];
  readonly firewall: FirewallModel;
  /** Every declared Traefik route: guest `traefik_service`s and stack router labels. */
  readonly traefikServices: readonly TraefikService[];
  readonly certificates: readonly CertificateEntry[];
  /** Guests that play a part Phoenix needs to know about, derived from the config. */
  readonly roles: GuestRoles;
  /** Warnings found while loading (unknown keys, ignored compose options, …). */
  readonly warnings: readonly Diagnostic[];
}

export type GuestKind = "lxc" | "vm";

export interface Guest {
  readonly kind: GuestKind;
  /** CTID or VMID as a string (`"101"`, `"1002"`): the id space is shared. */
  readonly id: string;
  readonly name: string;
  /** Address without prefix length, or undefined for `dhcp`/absent. */
  readonly ip: string | undefined;
  /** The address as written, e.g. `10.0.0.153/24` or `dhcp`. */
  readonly cidr: string | undefined;
  readonly isTemplate: boolean;
  /** `clone_from_ctid` / `clone_from_vmid`, then `dependencies`, in that order. */
  readonly dependsOn: readonly string[];
  readonly features: readonly string[];
  readonly traefikService: { readonly name: string; readonly port: number; readonly scheme?: string } | undefined;
  readonly firewall: { readonly enabled: boolean; readonly rules: readonly FirewallRule[] } | undefined;
  /** Position of the guest's definition, for messages. */
  readonly origin: Origin;
  /** The validated config object as declared. */
  readonly config: LxcConfig | VmConfig;
}

/** A place in the config repo. */
export interface Origin {
  readonly file: string;
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

export interface Stack {
  readonly name: string;
  /** `stacks/<name>` */
  readonly dir: string;
  readonly description: string | undefined;
  /** Compose file paths relative to the repo root, in `-c` order. */
  readonly composeFiles: readonly string[];
  /** Environments by name, merged from `phoenix_stacks_config.json` and `phoenix.json`. */
  readonly environments: ReadonlyMap<string, StackEnvironment>;
  readonly origin: Origin;
  /** `placement` of phoenix.json: `assigned` constrains the tasks to the nodes of its VMs, `any` does not. */
  readonly placement: StackPlacement;
  /** `depends_on` of phoenix.json: stacks deployed and converged before this one. */
  readonly dependsOn: readonly StackDependency[];
}

export type StackPlacement = "assigned" | "any";

export interface StackDependency {
  readonly stack: string;
  /** Where the dependency is written. */
  readonly origin: Origin;
}

export interface StackEnvironment {
  readonly name: string;
  /** Variables for compose interpolation, in declared order. */
  readonly variables: readonly StackVariable[];
  /** Files mounted into the stack's services as Swarm configs. */
  readonly files: readonly StackFile[];
  /** Per compose service: Traefik labels to add to the service (deploy) labels. */
  readonly services: ReadonlyMap<string, { readonly traefikLabels: readonly string[] }>;
  /** Firewall rules the stack needs on the guest that runs it. */
  readonly firewallRules: readonly FirewallRule[];
  /**
   * The stack's compose files loaded with this environment's variables
   * (undefined when they failed to load: the errors are in the load result).
   */
  readonly compose: ComposeProject | undefined;
}

export interface StackVariable {
  readonly name: string;
  readonly value: string;
  /** True when the value must be masked in logs, comments and check runs. */
  readonly secret: boolean;
}

export interface StackFile {
  /** Path relative to the repo root, or undefined when it lives on the hypervisor only. */
  readonly repoPath: string | undefined;
  /** As written in the config. */
  readonly source: string;
  readonly target: string;
  /** Where the entry is written (its file and `environments.<env>.files[i]`): what a "Change since" line names. */
  readonly origin?: Origin;
}

export interface StackAssignment {
  readonly stack: string;
  readonly environment: string;
  /** VMID of the VM whose `docker_stacks` lists it. */
  readonly vmid: string;
  readonly origin: Origin;
}

export interface DnsRecord {
  readonly hostname: string;
  readonly ip: string;
  readonly origin: Origin;
}

export interface FirewallModel {
  readonly enabled: boolean;
  readonly policyIn: string;
  readonly policyOut: string;
  /** Rules from the hypervisor config (`shared_volumes.firewall` or top-level `firewall`). */
  readonly globalRules: readonly FirewallRule[];
}

export interface TraefikService {
  /** Router/service base name (`granite-embedding`). */
  readonly name: string;
  /** Host names the router matches. */
  readonly hosts: readonly string[];
  /** Where the traffic goes: a guest address, or a Swarm service. */
  readonly backend:
    | { readonly kind: "guest"; readonly guestId: string; readonly ip: string; readonly port: number; readonly scheme: "http" | "https" }
    | { readonly kind: "stack"; readonly stack: string; readonly service: string; readonly port: number | undefined };
  readonly origin: Origin;
}

export interface GuestRoles {
  /** The NGINX gateway that terminates TLS (`traefik_service.name` `nginx` or a name containing `nginx`). */
  readonly gateway: string | undefined;
  /** The internal Traefik proxy (feature `traefik`). */
  readonly proxy: string | undefined;
  /** The internal certificate authority (feature `step_ca`). */
  readonly ca: string | undefined;
  /** The Swarm manager VM (`portainer_role: primary`). */
  readonly swarmManager: string | undefined;
  /** Swarm worker VMs (`portainer_role: agent`). */
  readonly swarmWorkers: readonly string[];
}
