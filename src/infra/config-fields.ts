import type { DesiredState, Guest } from "../config/desired-state.js";

type Certificate = DesiredState["certificates"][number];

/**
 * The few declared config fields the infra renderers need that DesiredState
 * does not surface. They are read structurally (not through the loader's zod
 * types) so that this file is the only place that knows their JSON shape.
 */

/** `network.interfaces.address` of the hypervisor without its prefix length. */
export function readHypervisorAddress(state: DesiredState): string | undefined {
  const address = field(field(field(state.hypervisor, "network"), "interfaces"), "address");
  return typeof address === "string" && address !== "" ? stripPrefix(address) : undefined;
}

/** `dns_server.upstream_servers`, in declared order. */
export function readUpstreamServers(state: DesiredState): string[] {
  const list = field(field(state.hypervisor, "dns_server"), "upstream_servers");
  return Array.isArray(list) ? list.filter((s): s is string => typeof s === "string" && s !== "") : [];
}

/** `dns_server.enabled`: the bash compared it to the string "true", JSON true means the same. */
export function readDnsEnabled(state: DesiredState): boolean {
  const enabled = field(field(state.hypervisor, "dns_server"), "enabled");
  return enabled === true || enabled === "true";
}

/** A Portainer agent VM's `portainer_agent_hostname`, or undefined (also when it is null). */
export function readAgentHostname(guest: Guest): string | undefined {
  if (field(guest.config, "portainer_role") !== "agent") return undefined;
  const hostname = field(guest.config, "portainer_agent_hostname");
  return typeof hostname === "string" && hostname !== "" ? hostname : undefined;
}

/** True for an agent VM whose agent hostname is missing or null. */
export function isAgentWithoutHostname(guest: Guest): boolean {
  return field(guest.config, "portainer_role") === "agent" && readAgentHostname(guest) === undefined;
}

export interface MountPoint {
  readonly hostPath: string;
  readonly containerPath: string;
}

/** An LXC guest's `mount_points` (host directory → container directory). */
export function readMountPoints(guest: Guest): MountPoint[] {
  const list = field(guest.config, "mount_points");
  if (!Array.isArray(list)) return [];
  const out: MountPoint[] = [];
  for (const entry of list) {
    const hostPath = field(entry, "host_path");
    const containerPath = field(entry, "container_path");
    if (typeof hostPath === "string" && typeof containerPath === "string") out.push({ hostPath, containerPath });
  }
  return out;
}

export interface CertificateFields {
  readonly commonName: string;
  /** `sans`, or the common name alone when `sans` is missing or empty (as step does). */
  readonly names: readonly string[];
  readonly certPath: string;
  readonly keyPath: string;
}

/** The fields of a certificate manifest entry, or undefined when one is missing. */
export function readCertificate(entry: Certificate): CertificateFields | undefined {
  const commonName = field(entry, "common_name");
  const certPath = field(entry, "cert_path");
  const keyPath = field(entry, "key_path");
  if (typeof commonName !== "string" || typeof certPath !== "string" || typeof keyPath !== "string") return undefined;
  const sans = field(entry, "sans");
  const names = Array.isArray(sans) ? sans.filter((s): s is string => typeof s === "string" && s !== "") : [];
  return { commonName, names: names.length > 0 ? names : [commonName], certPath, keyPath };
}

export function stripPrefix(cidr: string): string {
  const slash = cidr.indexOf("/");
  return slash === -1 ? cidr : cidr.slice(0, slash);
}

function field(value: unknown, key: string): unknown {
  if (value === null || typeof value !== "object") return undefined;
  return (value as Record<string, unknown>)[key];
}
