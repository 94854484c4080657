import { z } from "zod";
import { HostName, Text } from "./primitives.js";
import { HypervisorNetwork } from "./hypervisor-network.js";
import { HypervisorFirewall } from "./hypervisor-firewall.js";
import { NfsConfig, SambaConfig, SharedVolumes, ZfsConfig } from "./hypervisor-storage.js";
import {
  Behavior,
  CorePaths,
  DnsServer,
  DockerImages,
  HypervisorUser,
  HypervisorVmDefaults,
  NvidiaDriver,
  NvidiaLegacy,
  PortainerApi,
  ProxmoxDefaults,
  StepCaSettings,
} from "./hypervisor-settings.js";
import { TestSuites } from "./guest-tests.js";

/** `etc/phoenix_hypervisor_config.json`: the Proxmox host and the services it runs. */
export const HypervisorConfig = z
  .looseObject({
    /** JSON Schema the file declares (for editors). */
    $schema: z.string().optional().describe("JSON Schema of this file, for editors."),
    /** Version of the file format. */
    version: z.string().optional().describe("Version of the file format."),
    /** Who wrote the file. */
    author: z.string().optional().describe("Who wrote the file."),
    /** The internal domain every guest and service name lives under. */
    domain_name: HostName.describe("The internal domain; guests and services are named <name>.<domain_name>."),
    /** The host's admin user. */
    users: HypervisorUser.optional().describe("The administrative user created on the host."),
    /** Paths the legacy tooling uses on the host. */
    core_paths: CorePaths.optional(),
    /** Time zone of the host (`America/New_York`). */
    timezone: Text.optional().describe("Time zone of the host, e.g. America/New_York."),
    /** Network settings of the host. */
    network: HypervisorNetwork.optional().describe("Network settings of the host."),
    /** Portainer images. */
    docker: DockerImages.optional().describe("Portainer server and agent images."),
    /** NFS exports. */
    nfs: NfsConfig.optional().describe("NFS exports of the host."),
    /** Samba shares. */
    samba: SambaConfig.optional().describe("Samba shares of the host."),
    /** ZFS pools and datasets. */
    zfs: ZfsConfig.optional().describe("ZFS pools and datasets."),
    /** Proxmox storage ids by role. */
    proxmox_storage_ids: z
      .record(z.string(), Text)
      .optional()
      .describe("Proxmox storage ids by role (quickos_vm, quickos_lxc, fastData_shared_backups, …)."),
    /** Where Proxmox mounts storage (`/mnt/pve`). */
    mount_point_base: Text.optional().describe("Where Proxmox mounts storage, e.g. /mnt/pve."),
    /** Defaults for new guests. */
    proxmox_defaults: ProxmoxDefaults.optional().describe("Defaults for new guests."),
    /** Host test suites. */
    tests: TestSuites.optional(),
    /** NVIDIA driver on the host. */
    nvidia_driver: NvidiaDriver.optional().describe("NVIDIA driver on the host."),
    /** NVIDIA driver on the host (older layout). */
    nvidia: NvidiaLegacy.optional().describe("NVIDIA driver on the host (older layout of nvidia_driver)."),
    /** Switches of the legacy tooling. */
    behavior: Behavior.optional().describe("Switches of the legacy tooling."),
    /** Host directories shared with guests; holds the firewall in the main layout. */
    shared_volumes: SharedVolumes.optional().describe("Host directories bind-mounted into guests, by name; holds the firewall in the main layout."),
    /** Portainer API access. */
    portainer_api: PortainerApi.optional().describe("Portainer API access."),
    /** Defaults for new VMs. */
    vm_defaults: HypervisorVmDefaults.optional().describe("Defaults for new VMs."),
    /** The internal DNS server. */
    dns_server: DnsServer.optional().describe("The internal DNS server (dnsmasq on the host)."),
    /** The internal certificate authority. */
    step_ca: StepCaSettings.optional().describe("The internal certificate authority."),
    /** The datacenter firewall (newer layout). */
    firewall: HypervisorFirewall.optional().describe("The datacenter firewall (newer layout; the main layout uses shared_volumes.firewall)."),
  })
  .meta({ title: "Phoenix hypervisor configuration" });
export type HypervisorConfig = z.infer<typeof HypervisorConfig>;
