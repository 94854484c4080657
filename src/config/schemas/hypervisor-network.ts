import { z } from "zod";
import { InterfaceName, Ipv4Address, Ipv4Cidr, Port, Text } from "./primitives.js";

/** The hypervisor's own bridge interface. */
export const HypervisorInterface = z.looseObject({
  /** Bridge name, e.g. `vmbr0`. */
  name: InterfaceName.optional().describe("Bridge name, e.g. vmbr0."),
  /** The host's address with prefix length; the internal DNS server listens on it. */
  address: Ipv4Cidr.optional().describe("The host's address with prefix length; the internal DNS server listens on it."),
  /** Default gateway of the host. */
  gateway: Ipv4Address.optional().describe("Default gateway of the host."),
  /** Resolvers the host itself uses. */
  dns_nameservers: z.array(Ipv4Address).optional().describe("Resolvers the host itself uses."),
});

/** Network settings of the hypervisor and the services it talks to. */
export const HypervisorNetwork = z.looseObject({
  /** Registry prefix for images built by the legacy tooling. */
  external_registry_url: Text.optional().describe("Registry prefix for images built by the legacy tooling."),
  /** Address of the Portainer server VM. */
  portainer_server_ip: Ipv4Address.optional().describe("Address of the Portainer server VM."),
  /** HTTPS port of the Portainer server. */
  portainer_server_port: Port.optional().describe("HTTPS port of the Portainer server."),
  /** Port Portainer agents listen on. */
  portainer_agent_port: Port.optional().describe("Port Portainer agents listen on."),
  /** The host's bridge interface. */
  interfaces: HypervisorInterface.optional().describe("The host's bridge interface."),
  /** The guests' subnet. */
  default_subnet: Ipv4Cidr.optional().describe("The guests' subnet in CIDR notation."),
  /** NFS server address (usually the host). */
  nfs_server: Ipv4Address.optional().describe("Address of the NFS server (usually the host)."),
  /** Resolver used when the internal DNS is unavailable. */
  fallback_dns: Ipv4Address.optional().describe("Resolver used when the internal DNS is unavailable."),
});
export type HypervisorNetwork = z.infer<typeof HypervisorNetwork>;
