import type {
  DesiredState,
  DnsRecord,
  Guest,
  GuestKind,
  GuestRoles,
  Origin,
  Stack,
  StackAssignment,
  TraefikService,
} from "../../../src/config/desired-state.js";
import type { FirewallRule } from "../../../src/config/schemas/firewall-rule.js";

/** A guest as a test declares it; everything else gets a sensible default. */
export interface GuestSpec {
  readonly kind?: GuestKind;
  readonly id: string;
  readonly name: string;
  /** `10.0.0.5/24`, `dhcp` or undefined. */
  readonly cidr?: string;
  readonly features?: readonly string[];
  readonly service?: { readonly name: string; readonly port: number; readonly scheme?: "http" | "https" };
  readonly firewall?: { readonly enabled: boolean; readonly rules: readonly FirewallRule[] };
  /** Extra declared fields (`portainer_role`, `mount_points`, …). */
  readonly config?: Record<string, unknown>;
}

export interface StackSpec {
  readonly name: string;
  readonly firewallRules?: readonly FirewallRule[];
  /** Router hosts from traefik labels, per compose service. */
  readonly routes?: readonly { readonly service: string; readonly hosts: readonly string[]; readonly port?: number }[];
}

export interface StateSpec {
  readonly domain?: string;
  readonly hypervisor?: Record<string, unknown>;
  readonly guests: readonly GuestSpec[];
  readonly stacks?: readonly StackSpec[];
  readonly assignments?: readonly { readonly stack: string; readonly vmid: string; readonly environment?: string }[];
  readonly dnsRecords?: readonly { readonly hostname: string; readonly ip: string }[];
  readonly firewall?: { enabled?: boolean; policyIn?: string; policyOut?: string; globalRules?: readonly FirewallRule[] };
  readonly certificates?: readonly Record<string, unknown>[];
  readonly roles?: Partial<GuestRoles>;
}

export function origin(file: string, path: string): Origin {
  return { file, path, line: 1, column: 1 };
}

/** Builds a DesiredState the way the loader would, from a compact spec. */
export function buildDesiredState(spec: StateSpec): DesiredState {
  const domain = spec.domain ?? "internal.example.test";
  const guests: Guest[] = spec.guests.map((g) => {
    const ip = g.cidr === undefined || g.cidr === "dhcp" ? undefined : g.cidr.replace(/\/\d+$/, "");
    const file = g.kind === "vm" ? "etc/phoenix_vm_configs.json" : "etc/phoenix_lxc_configs.json";
    return {
      kind: g.kind ?? "lxc",
      id: g.id,
      name: g.name,
      ip,
      cidr: g.cidr,
      isTemplate: false,
      dependsOn: [],
      features: g.features ?? [],
      traefikService: g.service,
      firewall: g.firewall,
      origin: origin(file, g.kind === "vm" ? `vms[${g.id}]` : `lxc_configs.${g.id}`),
      config: { name: g.name, ...(g.config ?? {}) } as unknown as Guest["config"],
    };
  });

  const stacks = new Map<string, Stack>();
  const traefikServices: TraefikService[] = [];
  for (const g of guests) {
    if (g.traefikService && g.ip)
      traefikServices.push({
        name: g.traefikService.name,
        hosts: [`${g.traefikService.name}.${domain}`],
        backend: { kind: "guest", guestId: g.id, ip: g.ip, port: g.traefikService.port, scheme: g.traefikService.scheme === "https" ? "https" : "http" },
        origin: g.origin,
      });
  }
  for (const s of [...(spec.stacks ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const stackOrigin = origin(`stacks/${s.name}/phoenix.json`, "environments.production");
    stacks.set(s.name, {
      name: s.name,
      dir: `stacks/${s.name}`,
      description: undefined,
      placement: "assigned",
      dependsOn: [],
      composeFiles: [`stacks/${s.name}/docker-compose.yml`],
      environments: new Map([
        [
          "production",
          {
            name: "production",
            variables: [],
            files: [],
            services: new Map(),
            firewallRules: s.firewallRules ?? [],
            compose: undefined,
          },
        ],
      ]),
      origin: stackOrigin,
    });
    for (const r of s.routes ?? [])
      traefikServices.push({ name: r.service, hosts: r.hosts, backend: { kind: "stack", stack: s.name, service: r.service, port: r.port }, origin: stackOrigin });
  }
  const assignments: StackAssignment[] = (spec.assignments ?? []).map((a) => ({
    stack: a.stack,
    environment: a.environment ?? "production",
    vmid: a.vmid,
    origin: origin("etc/phoenix_vm_configs.json", `vms[${a.vmid}].docker_stacks`),
  }));
  const dnsRecords: DnsRecord[] = (spec.dnsRecords ?? []).map((r) => ({ ...r, origin: origin("etc/phoenix_vm_configs.json", "vms[0].dns_records") }));
  const find = (pred: (g: Guest) => boolean) => guests.find(pred)?.id;
  const roles: GuestRoles = {
    gateway: find((g) => g.traefikService?.name.includes("nginx") === true),
    proxy: find((g) => g.features.includes("traefik")),
    ca: find((g) => g.features.includes("step_ca")),
    swarmManager: undefined,
    swarmWorkers: [],
    ...spec.roles,
  };
  return {
    source: "fixture",
    domain,
    hypervisor: (spec.hypervisor ?? {
      network: { interfaces: { address: "10.0.0.13/24" } },
      dns_server: { enabled: true, upstream_servers: ["8.8.8.8", "1.1.1.1"] },
    }) as unknown as DesiredState["hypervisor"],
    guests,
    stacks,
    assignments,
    dnsRecords,
    firewall: {
      enabled: spec.firewall?.enabled ?? true,
      policyIn: spec.firewall?.policyIn ?? "DROP",
      policyOut: spec.firewall?.policyOut ?? "ACCEPT",
      globalRules: spec.firewall?.globalRules ?? [],
    },
    traefikServices,
    certificates: (spec.certificates ?? []) as unknown as DesiredState["certificates"],
    roles,
    warnings: [],
  };
}

const rule = (r: FirewallRule): FirewallRule => r;

/** A small copy of the reference topology: CA, Traefik, NGINX gateway, a model LXC, a template, Portainer and an agent. */
export function buildReferenceLikeState(overrides: Partial<StateSpec> = {}): DesiredState {
  return buildDesiredState({
    guests: [
      {
        id: "101",
        name: "Nginx-Phoenix",
        cidr: "10.0.0.153/24",
        service: { name: "nginx", port: 443 },
        firewall: { enabled: true, rules: [rule({ type: "in", action: "ACCEPT", source: "10.0.0.111", proto: "tcp", port: "443", comment: "Allow Portainer VM" })] },
        config: {
          mount_points: [
            { host_path: "/mnt/pve/quickOS/lxc-persistent-data/101/logs", container_path: "/var/log/nginx" },
            { host_path: "/mnt/pve/quickOS/lxc-persistent-data/101/ssl", container_path: "/etc/nginx/ssl" },
          ],
        },
      },
      { id: "801", name: "granite-embedding", cidr: "10.0.0.141/24", service: { name: "granite-embedding", port: 8000 } },
      { id: "103", name: "Step-CA", cidr: "10.0.0.10/24", features: ["step_ca"], service: { name: "ca", port: 9000 } },
      { id: "102", name: "Traefik-Internal", cidr: "10.0.0.12/24", features: ["traefik"] },
      { kind: "vm", id: "9000", name: "ubuntu-2404-cloud-template", cidr: "dhcp" },
      { kind: "vm", id: "1001", name: "Portainer", cidr: "10.0.0.111/24", service: { name: "portainer", port: 9443, scheme: "https" }, config: { portainer_role: "primary" } },
      {
        kind: "vm",
        id: "1002",
        name: "drphoenix",
        cidr: "10.0.0.102/24",
        service: { name: "portainer-agent", port: 9001, scheme: "https" },
        config: { portainer_role: "agent", portainer_agent_hostname: "portainer-agent.internal.example.test" },
        firewall: {
          enabled: true,
          rules: [
            rule({ type: "in", action: "ACCEPT", proto: "tcp", port: "6333", comment: "Allow access to Qdrant HTTP API" }),
            rule({ type: "in", action: "ACCEPT", source: "10.0.0.13", proto: "tcp", port: "9001", comment: "Allow host" }),
            rule({ type: "in", action: "ACCEPT", source: "10.0.0.13", proto: "tcp", port: "9001", comment: "Allow host" }),
          ],
        },
      },
    ],
    stacks: [
      {
        name: "qdrant_service",
        routes: [{ service: "qdrant", hosts: ["qdrant.internal.example.test"], port: 6333 }],
        firewallRules: [
          rule({ type: "in", action: "ACCEPT", proto: "tcp", port: "6333", comment: "Allow access to Qdrant HTTP API" }),
          rule({ type: "in", action: "ACCEPT", proto: "tcp", port: "6334", comment: "Allow access to Qdrant gRPC API" }),
        ],
      },
    ],
    assignments: [{ stack: "qdrant_service", vmid: "1002" }],
    certificates: [
      {
        common_name: "portainer.internal.example.test",
        cert_path: "/mnt/pve/quickOS/vm-persistent-data/1001/portainer/certs/portainer.crt",
        key_path: "/mnt/pve/quickOS/vm-persistent-data/1001/portainer/certs/portainer.key",
      },
      {
        common_name: "nginx.internal.example.test",
        sans: ["nginx.internal.example.test", "portainer.internal.example.test"],
        cert_path: "/mnt/pve/quickOS/lxc-persistent-data/101/ssl/nginx.internal.example.test.crt",
        key_path: "/mnt/pve/quickOS/lxc-persistent-data/101/ssl/nginx.internal.example.test.key",
      },
    ],
    ...overrides,
  });
}
