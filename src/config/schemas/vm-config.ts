import { z } from "zod";
import { GuestFirewall } from "./guest-firewall.js";
import { TraefikServiceConfig } from "./traefik-service-config.js";
import { DnsRecordConfig } from "./dns-record-config.js";
import { StackReference } from "./stack-reference.js";
import { GuestAddress, GuestIdNumber, GuestName, GuestReference, HostName, Ipv4Address, NameserverList, Text } from "./primitives.js";

/** The VM's network, passed to cloud-init. */
export const VmNetworkConfig = z.looseObject({
  /** Address with prefix length, or `dhcp`. */
  ip: GuestAddress.describe("Address with prefix length (10.0.0.5/24) or dhcp."),
  /** Default gateway. */
  gw: Ipv4Address.optional().describe("Default gateway."),
  /** Resolvers, separated by spaces or commas. */
  nameserver: NameserverList.optional().describe("Resolvers, separated by spaces or commas."),
});

/** A volume attached to the VM. */
export const VmVolume = z.looseObject({
  /** Volume type (`nfs`). */
  type: Text.describe("Volume type, e.g. nfs."),
  /** Volume name. */
  name: Text.describe("Volume name."),
  /** Exported path on the server. */
  path: Text.describe("Exported path on the server."),
  /** Mount point inside the VM. */
  mount_point: Text.describe("Mount point inside the VM."),
  /** Server that exports the volume. */
  server: Text.describe("Server that exports the volume."),
});

/** Settings shared by all VMs of the file. */
export const VmDefaults = z.looseObject({
  /** Template name. */
  template: Text.optional().describe("Template name."),
  /** CPU cores. */
  cores: z.number().int().positive().optional().describe("CPU cores."),
  /** Memory in MiB. */
  memory_mb: z.number().int().positive().optional().describe("Memory in MiB."),
  /** Disk size in GiB. */
  disk_size_gb: z.number().int().positive().optional().describe("Disk size in GiB."),
  /** Proxmox storage of the disk. */
  storage_pool: Text.optional().describe("Proxmox storage of the disk."),
  /** Proxmox bridge. */
  network_bridge: Text.optional().describe("Proxmox bridge."),
});

/** One virtual machine (`vms[]`). */
export const VmConfig = z.looseObject({
  /** Proxmox VMID. */
  vmid: GuestIdNumber.describe("Proxmox VMID; shares the id space with LXC CTIDs."),
  /** Host name of the VM; also `<name>.<domain>` in DNS. */
  name: GuestName.describe("Host name of the VM; DNS gets <lower(name)>.<domain>."),
  /** This VM is a template for clones. */
  is_template: z.boolean().optional().describe("The VM is a template for clones."),
  /** VM this one is cloned from. */
  clone_from_vmid: GuestIdNumber.optional().describe("VMID of the template this VM is cloned from."),
  /** Cloud image the template is built from. */
  template_image: Text.optional().describe("Cloud image a template VM is built from."),
  /** CPU cores. */
  cores: z.number().int().positive().optional().describe("CPU cores."),
  /** Memory in MiB. */
  memory_mb: z.number().int().positive().optional().describe("Memory in MiB."),
  /** Disk size in GiB. */
  disk_size_gb: z.number().int().positive().optional().describe("Disk size in GiB."),
  /** Proxmox storage of the disk. */
  storage_pool: Text.optional().describe("Proxmox storage of the disk."),
  /** Proxmox bridge. */
  network_bridge: Text.optional().describe("Proxmox bridge."),
  /** Start when the host boots. */
  start_at_boot: z.boolean().optional().describe("Start the VM when the host boots."),
  /** Boot order priority. */
  boot_order: z.number().int().min(0).optional().describe("Boot order priority (lower first)."),
  /** Seconds to wait before starting the next guest. */
  boot_delay: z.number().int().min(0).optional().describe("Seconds to wait before starting the next guest."),
  /** Feature scripts applied in order. */
  features: z.array(Text).optional().describe("Feature scripts applied in order."),
  /** Part the VM plays for Portainer: `primary` is the Swarm manager, `agent` a worker. */
  portainer_role: z.enum(["primary", "agent", "none"]).optional().describe("primary: Portainer server and Swarm manager; agent: Portainer agent and Swarm worker."),
  /** Portainer environment name of an agent. */
  portainer_environment_name: Text.optional().describe("Portainer environment name of an agent."),
  /** Host name the Portainer server reaches the agent at. */
  portainer_agent_hostname: HostName.nullable().optional().describe("Host name the Portainer server reaches the agent at."),
  /** Swarm role (newer layout). */
  swarm_role: z.enum(["manager", "worker"]).optional().describe("Swarm role (newer layout; portainer_role primary/agent means the same)."),
  /** Swarm node labels `key=value`. */
  node_labels: z
    .array(
      z
        .string()
        .regex(/^[^=\s]+=.*$/, "must be a node label key=value")
        .refine((label) => !label.startsWith("org.phoenix."), "must not use the org.phoenix. prefix: Phoenix sets those labels itself"),
    )
    .optional()
    .describe("Swarm node labels, key=value."),
  /** Lifecycle snapshot names. */
  snapshots: z
    .looseObject({
      /** Snapshot taken before the features run. */
      "pre-features": Text.optional().describe("Snapshot taken before the features run."),
      /** Snapshot taken after the features ran. */
      "post-features": Text.optional().describe("Snapshot taken after the features ran."),
    })
    .optional()
    .describe("Lifecycle snapshot names."),
  /** Snapshot a template VM creates for clones. */
  template_snapshot_name: Text.optional().describe("Snapshot a template VM creates for clones."),
  /** Number of VMs created from this definition. */
  count: z.number().int().min(1).optional().describe("Number of VMs created from this definition."),
  /** Extra `qm set` options. */
  qm_options: z.array(z.string()).optional().describe("Extra qm set options."),
  /** Volumes attached to the VM. */
  volumes: z.array(VmVolume).optional().describe("Volumes attached to the VM; the first NFS volume holds its persistent data."),
  /** Stacks this VM's swarm runs. */
  docker_stacks: z.array(StackReference).optional().describe("Stacks to deploy: names (environment production) or {name, environment}."),
  /** The VM's own firewall. */
  firewall: GuestFirewall.optional().describe("The VM's own firewall rules."),
  /** The VM's network. */
  network_config: VmNetworkConfig.optional().describe("The VM's network."),
  /** The cloud-init user. */
  user_config: z
    .looseObject({
      /** Login name. */
      username: Text.describe("Login name of the cloud-init user."),
    })
    .optional()
    .describe("The cloud-init user."),
  /** Explicit DNS records. */
  dns_records: z.array(DnsRecordConfig).optional().describe("Explicit DNS records; they take precedence over derived names."),
  /** Run a sync after the VM is created by LetsGo. */
  trigger_sync_on_completion: z.boolean().optional().describe("Run a full sync after LetsGo created and started the VM."),
  /** Guests that must exist before this one. */
  dependencies: z.array(GuestReference).optional().describe("Ids of guests (LXC or VM) that must exist before this one."),
  /** Published through Traefik. */
  traefik_service: TraefikServiceConfig.optional().describe("Service published through the internal Traefik proxy."),
}).describe("One virtual machine.");
export type VmConfig = z.infer<typeof VmConfig>;

/** `etc/phoenix_vm_configs.json`: every virtual machine, in order. */
export const VmConfigsFile = z
  .looseObject({
    /** JSON Schema the file declares (for editors). */
    $schema: z.string().optional().describe("JSON Schema of this file, for editors."),
    /** Defaults for every VM. */
    vm_defaults: VmDefaults.optional().describe("Defaults for every VM."),
    /** The VMs, in the order Phoenix processes them. */
    vms: z.array(VmConfig).describe("The VMs, in order."),
  })
  .meta({ title: "Phoenix VM configurations" });
export type VmConfigsFile = z.infer<typeof VmConfigsFile>;
