import type { SourcePositions } from "../positions/path-positions.js";
import { compareGoStrings } from "../go/sort.js";
import { isYamlMap, type PathSegment, type YamlMap } from "./yaml/yaml-value.js";

/** docker/cli `types.ForbiddenProperties`: service keys that abort the deploy. */
export const FORBIDDEN_PROPERTIES: Readonly<Record<string, string>> = {
  extends: "Support for `extends` is not implemented yet.",
  volume_driver:
    "Instead of setting the volume driver on the service, define a volume using the top-level `volumes` option and specify the driver there.",
  volumes_from:
    "To share a volume between services, define it using the top-level `volumes` option and reference it from each service that shares it using the service-level `volumes` option.",
  cpu_quota: "Set resource limits using deploy.resources",
  cpu_shares: "Set resource limits using deploy.resources",
  cpuset: "Set resource limits using deploy.resources",
  mem_limit: "Set resource limits using deploy.resources",
  memswap_limit: "Set resource limits using deploy.resources",
};

/** docker/cli `types.UnsupportedProperties`: ignored with a warning. */
export const UNSUPPORTED_PROPERTIES: readonly string[] = [
  "build",
  "cgroupns_mode",
  "cgroup_parent",
  "devices",
  "domainname",
  "external_links",
  "ipc",
  "links",
  "mac_address",
  "network_mode",
  "pid",
  "privileged",
  "restart",
  "security_opt",
  "shm_size",
  "userns_mode",
];

/** docker/cli `types.DeprecatedProperties`: ignored with a warning and an explanation. */
export const DEPRECATED_PROPERTIES: Readonly<Record<string, string>> = {
  container_name: "Setting the container name is not supported.",
  expose: "Exposing ports is unnecessary - services on the same network can access each other's containers on any port.",
};

/** One use of a listed key: where the first service using it wrote it. */
export interface PropertyUse {
  readonly property: string;
  readonly path: readonly PathSegment[];
  readonly positions: SourcePositions;
}

/** The listed keys set on any service mapping of `root`, first use of each, sorted by key. */
export function findServiceProperties(root: YamlMap, properties: readonly string[], positions: SourcePositions): PropertyUse[] {
  const services = root.get("services");
  if (!isYamlMap(services)) return [];
  const found = new Map<string, PropertyUse>();
  for (const [name, service] of services) {
    if (!isYamlMap(service)) continue;
    for (const property of properties) {
      if (service.has(property) && !found.has(property)) found.set(property, { property, path: ["services", name, property], positions });
    }
  }
  return [...found.values()].sort((a, b) => compareGoStrings(a.property, b.property));
}

/** `key: explanation` lines sorted and separated by blank lines, as the CLI prints them. */
export function formatPropertyExplanations(properties: readonly string[], explanations: Readonly<Record<string, string>>): string {
  return properties
    .map((property) => `${property}: ${explanations[property] ?? ""}`)
    .sort(compareGoStrings)
    .join("\n\n");
}
