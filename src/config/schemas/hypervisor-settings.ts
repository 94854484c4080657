import { z } from "zod";
import { HostName, HttpUrl, Ipv4Address, Text } from "./primitives.js";

/** The administrative user created on the host. */
export const HypervisorUser = z.looseObject({
  /** Login name. */
  username: Text.describe("Login name."),
  /** crypt(3) hash of the password, or `NOT_SET`. */
  password_hash: z.string().optional().describe("crypt(3) password hash, or NOT_SET."),
  /** Whether the user may sudo. */
  sudo_access: z.boolean().optional().describe("Whether the user may use sudo."),
  /** Authorized SSH public key (may be empty). */
  ssh_public_key: z.string().optional().describe("Authorized SSH public key (may be empty)."),
});

/** Where the legacy tooling finds its files on the host. */
export const CorePaths = z
  .record(z.string(), Text)
  .describe("Absolute paths the legacy tooling uses on the host (lxc_config_file, vm_config_file, hf_token_file, …).");

/** Images of the Portainer server and agent. */
export const DockerImages = z.looseObject({
  /** Portainer server image. */
  portainer_server_image: Text.optional().describe("Portainer server image."),
  /** Portainer agent image. */
  portainer_agent_image: Text.optional().describe("Portainer agent image."),
});

/** The NVIDIA driver installed on the host (current layout). */
export const NvidiaDriver = z.looseObject({
  /** Whether to install the driver. */
  install: z.boolean().optional().describe("Whether to install the driver."),
  /** Driver version. */
  version: Text.optional().describe("Driver version, e.g. 580.76.05."),
  /** Download URL of the driver runfile. */
  runfile_url: HttpUrl.optional().describe("Download URL of the driver runfile."),
  /** CUDA version. */
  cuda_version: Text.optional().describe("CUDA version, e.g. 12.8."),
  /** Whether to install the vLLM libraries on the host. */
  install_vllm_libs: z.boolean().optional().describe("Whether to install the vLLM libraries."),
});

/** The NVIDIA driver (older layout, `nvidia`). */
export const NvidiaLegacy = z.looseObject({
  /** Driver version. */
  driver_version: Text.describe("Driver version."),
  /** Download URL of the driver runfile. */
  runfile_url: HttpUrl.describe("Download URL of the driver runfile."),
});

/** Switches of the legacy tooling. */
export const Behavior = z.looseObject({
  /** Roll back a failed guest creation. */
  rollback_on_failure: z.boolean().optional().describe("Roll back a failed guest creation."),
  /** Verbose logging. */
  debug_mode: z.boolean().optional().describe("Verbose logging."),
});

/** Credentials and host name of the Portainer API. */
export const PortainerApi = z.looseObject({
  /** Admin user name. */
  admin_user: Text.optional().describe("Portainer admin user."),
  /** Admin password (a secret: never logged). */
  admin_password: z.string().optional().describe("Portainer admin password. A secret: Phoenix never logs it."),
  /** Host name the API is reached at. */
  portainer_hostname: HostName.optional().describe("Host name the Portainer API is reached at."),
});

/** Defaults for new VMs. */
export const HypervisorVmDefaults = z.looseObject({
  /** Ubuntu release of the cloud image (`noble`). */
  ubuntu_release: Text.describe("Ubuntu release of the cloud image, e.g. noble."),
});

/** The internal DNS server (dnsmasq on the host). */
export const DnsServer = z.looseObject({
  /** Whether Phoenix manages dnsmasq. */
  enabled: z.boolean().describe("Whether Phoenix manages the internal DNS server."),
  /** Resolvers dnsmasq forwards other names to, in order. */
  upstream_servers: z.array(Ipv4Address).optional().describe("Resolvers for names outside the internal domain, in order."),
  /** Split-horizon zones of an older generator; not used. */
  authoritative_zones: z.array(z.unknown()).optional().describe("Zones of an older split-horizon generator; not used by Phoenix."),
});

/** The internal certificate authority. */
export const StepCaSettings = z.looseObject({
  /** Name of the root certificate. */
  root_ca_name: Text.optional().describe("Name of the root certificate."),
  /** Name of the intermediate certificate. */
  intermediate_ca_name: Text.optional().describe("Name of the intermediate certificate."),
  /** Host name of the CA. */
  dns_name: HostName.optional().describe("Host name of the CA."),
  /** Provisioner used to issue certificates. */
  provisioner_name: Text.optional().describe("Provisioner used to issue certificates."),
});

/** Settings the legacy tooling applies to an LXC that does not set them. */
const LxcDefaults = z.looseObject({
  /** CPU cores. */
  cores: z.number().int().positive().optional().describe("CPU cores."),
  /** Memory in MiB. */
  memory_mb: z.number().int().positive().optional().describe("Memory in MiB."),
  /** `pct` network shorthand: `ip/prefix,gateway,nameserver`. */
  network_config: z.string().optional().describe("Network shorthand: ip/prefix,gateway,nameserver."),
  /** `pct` features string (`nesting=1`). */
  features: z.string().optional().describe("pct features string, e.g. nesting=1."),
  /** Security profile name. */
  security: z.string().optional().describe("Security profile name."),
  /** Whether nesting is enabled (0 or 1). */
  nesting: z.number().int().min(0).max(1).optional().describe("Nesting: 0 or 1."),
});

/** Defaults the legacy tooling applies to new guests. */
export const ProxmoxDefaults = z.looseObject({
  /** ZFS dataset for container disks. */
  zfs_lxc_pool: Text.optional().describe("ZFS dataset for container disks."),
  /** Defaults for new LXCs. */
  lxc: LxcDefaults.optional().describe("Defaults for new LXCs."),
});
