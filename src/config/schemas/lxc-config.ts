import { z } from "zod";
import { GuestFirewall } from "./guest-firewall.js";
import { TraefikServiceConfig } from "./traefik-service-config.js";
import { DnsRecordConfig } from "./dns-record-config.js";
import { TestSuites } from "./guest-tests.js";
import { VllmEngineConfig } from "./vllm-engine-config.js";
import { LxcHealthCheck, LxcIdMap, LxcMountPoint, LxcZfsVolume } from "./lxc-mounts.js";
import {
  GuestAddress,
  GuestIdString,
  GuestName,
  GuestReference,
  HttpUrl,
  InterfaceName,
  Ipv4Address,
  MacAddress,
  NameserverList,
  PortMapping,
  Text,
} from "./primitives.js";

/** Feature scripts the legacy tooling applies to a container (`step_cli` is newer than the old schema). */
export const LXC_FEATURES = [
  "base_setup",
  "nvidia",
  "docker",
  "vllm",
  "portainer",
  "dns_server",
  "nat_gateway",
  "ollama",
  "python_api_service",
  "step_ca",
  "step_cli",
  "traefik",
  "trusted_ca",
] as const;

/** The container's network interface. */
export const LxcNetworkConfig = z.looseObject({
  /** Interface name inside the container. */
  name: InterfaceName.describe("Interface name inside the container, e.g. eth0."),
  /** Proxmox bridge. */
  bridge: Text.describe("Proxmox bridge, e.g. vmbr0."),
  /** Address with prefix length, or `dhcp`. */
  ip: GuestAddress.describe("Address with prefix length (10.0.0.5/24) or dhcp."),
  /** Default gateway. */
  gw: Ipv4Address.optional().describe("Default gateway."),
  /** Resolvers, separated by spaces or commas. */
  nameservers: NameserverList.optional().describe("Resolvers, separated by spaces or commas."),
});

/** One LXC container (`lxc_configs.<ctid>`). */
export const LxcConfig = z.looseObject({
  /** Host name of the container; also `<name>.<domain>` in DNS. */
  name: GuestName.describe("Host name of the container; DNS gets <lower(name)>.<domain>."),
  /** Start when the host boots. */
  start_at_boot: z.boolean().optional().describe("Start the container when the host boots."),
  /** Boot order priority. */
  boot_order: z.number().int().min(0).optional().describe("Boot order priority (lower first)."),
  /** Seconds to wait before starting the next guest. */
  boot_delay: z.number().int().min(0).optional().describe("Seconds to wait before starting the next guest."),
  /** Memory in MiB. */
  memory_mb: z.number().int().min(512).max(131072).describe("Memory in MiB (512–131072)."),
  /** Swap in MiB. */
  swap_mb: z.number().int().min(0).optional().describe("Swap in MiB."),
  /** CPU cores. */
  cores: z.number().int().min(1).max(32).describe("CPU cores (1–32)."),
  /** Template tarball the container is created from. */
  template: Text.optional().describe("Template tarball the container is created from (when not cloned)."),
  /** Proxmox storage of the root file system. */
  storage_pool: Text.describe("Proxmox storage of the root file system."),
  /** Root file system size in GiB. */
  storage_size_gb: z.number().int().min(10).max(1024).describe("Root file system size in GiB (10–1024)."),
  /** The network interface. */
  network_config: LxcNetworkConfig.describe("The container's network interface."),
  /** MAC address of the interface. */
  mac_address: MacAddress.optional().describe("MAC address of the interface."),
  /** GPUs passed through: `none` or indices (`0`, `0,1`, `0, 1`). */
  gpu_assignment: z
    .string()
    .regex(/^(none|[0-9]+(, ?[0-9]+)*)$/, 'must be "none" or GPU indices such as 0 or 0,1')
    .optional()
    .describe("GPUs passed through: none, or comma-separated indices such as 0,1."),
  /** Part the container plays for Portainer. */
  portainer_role: z.enum(["server", "agent", "none", "infrastructure"]).optional().describe("Part the container plays for Portainer."),
  /** Run unprivileged. */
  unprivileged: z.boolean().optional().describe("Run the container unprivileged."),
  /** Feature scripts applied in order. */
  features: z.array(z.enum(LXC_FEATURES)).optional().describe("Feature scripts applied in order; traefik marks the proxy, step_ca the CA."),
  /** vLLM engine settings. */
  vllm_engine_config: VllmEngineConfig.optional().describe("vLLM engine settings of a model-serving container."),
  /** Snapshot this template container creates for clones. */
  template_snapshot_name: Text.optional().describe("Snapshot this container creates for clones; its presence marks a template."),
  /** Container this one is cloned from. */
  clone_from_ctid: GuestIdString.optional().describe("CTID of the LXC template this container is cloned from."),
  /** Script that launches the container's service. */
  application_script: Text.optional().describe("Script that launches the container's service after the features."),
  /** Extra `pct set` options. */
  pct_options: z.array(z.string()).optional().describe("Extra pct options."),
  /** Extra raw LXC options. */
  lxc_options: z.array(z.string()).optional().describe("Extra raw lxc.* options."),
  /** Port mappings `host:container`. */
  ports: z.array(PortMapping).optional().describe("Port mappings host:container."),
  /** Health check command. */
  health_check: LxcHealthCheck.optional().describe("Health check the orchestrator runs."),
  /** The container's own firewall. */
  firewall: GuestFirewall.optional().describe("The container's own firewall rules."),
  /** Guests that must exist before this one. */
  dependencies: z.array(GuestReference).optional().describe("Ids of guests (LXC or VM) that must exist before this one."),
  /** Test suites. */
  tests: TestSuites.optional(),
  /** Dedicated ZFS volumes. */
  zfs_volumes: z.array(LxcZfsVolume).optional().describe("Dedicated ZFS volumes mounted into the container."),
  /** Host directories bind-mounted into the container. */
  mount_points: z.array(LxcMountPoint).optional().describe("Host directories bind-mounted into the container."),
  /** uid/gid mappings. */
  id_maps: z.array(LxcIdMap).optional().describe("uid/gid mappings of an unprivileged container."),
  /** AppArmor profile (`unconfined`). */
  apparmor_profile: Text.optional().describe("AppArmor profile, e.g. unconfined."),
  /** The AppArmor profile handles nesting. */
  apparmor_manages_nesting: z.boolean().optional().describe("The AppArmor profile handles nesting; nesting=1 is not set."),
  /** Take lifecycle snapshots while creating. */
  enable_lifecycle_snapshots: z.boolean().optional().describe("Take pre-configured and final-form snapshots while creating."),
  /** Run a sync after the container is created by LetsGo. */
  trigger_sync_on_completion: z.boolean().optional().describe("Run a full sync after LetsGo created and started the container."),
  /** Step-CA URL used to bootstrap trust. */
  bootstrap_ca_url: HttpUrl.optional().describe("Step-CA URL used to bootstrap trust in the internal CA."),
  /** Published through Traefik. */
  traefik_service: TraefikServiceConfig.optional().describe("Service published through the internal Traefik proxy."),
  /** Explicit DNS records. */
  dns_records: z.array(DnsRecordConfig).optional().describe("Explicit DNS records; they take precedence over derived names."),
}).describe("One LXC container, keyed by its CTID.");
export type LxcConfig = z.infer<typeof LxcConfig>;

/** `etc/phoenix_lxc_configs.json`: every LXC container, keyed by CTID. */
export const LxcConfigsFile = z
  .looseObject({
    /** JSON Schema the file declares (for editors). */
    $schema: z.string().optional().describe("JSON Schema of this file, for editors."),
    /** NVIDIA driver version expected on the host. */
    nvidia_driver_version: Text.optional().describe("NVIDIA driver version expected on the host."),
    /** CUDA repository URL. */
    nvidia_repo_url: HttpUrl.optional().describe("URL of the NVIDIA CUDA repository."),
    /** Driver runfile URL. */
    nvidia_runfile_url: HttpUrl.optional().describe("URL of the NVIDIA driver runfile."),
    /** The containers, keyed by CTID, in the order Phoenix processes them. */
    lxc_configs: z.record(GuestIdString, LxcConfig).describe("The containers keyed by CTID; file order is kept."),
  })
  .meta({ title: "Phoenix LXC configurations" });
export type LxcConfigsFile = z.infer<typeof LxcConfigsFile>;
