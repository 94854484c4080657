/**
 * Stack networks and service attachments (docs/stack-deploy.md §4.1–4.2), after
 * docker/cli `getServicesDeclaredNetworks`, `convert.Networks` and
 * `convertServiceNetworks`.
 */
import type { ComposeNetwork, ComposeProject, ComposeService } from "../compose-project.js";
import type { NetworkAttachment } from "../../engine/engine-service-spec.js";
import type { NetworkCreate } from "../../engine/stack-spec.js";
import type { ComposeCompat } from "../compose-compat.js";
import { ConversionError } from "./conversion-error.js";
import { addStackLabel, scopeName } from "./namespace.js";
import { compareGoStrings } from "../../go/sort.js";

const DEFAULT_NETWORK = "default";

/** Go `container.NetworkMode.IsUserDefined`: only these get the service-name alias. */
function isUserDefined(target: string): boolean {
  return !["default", "bridge", "host", "none"].includes(target) && !target.startsWith("container:");
}

/** A service with no (or an empty) `networks` key joins `default`. */
function serviceNetworkKeys(service: ComposeService): string[] {
  const keys = Object.keys(service.networks ?? {});
  return keys.length === 0 ? [DEFAULT_NETWORK] : keys;
}

export interface ConvertedNetworks {
  readonly networks: NetworkCreate[];
  readonly externalNetworks: string[];
}

/**
 * Only networks some service uses; a used key missing from the top level
 * still gets a default overlay network (the service then fails with
 * `undefined network`), as `convert.Networks` reads a zero NetworkConfig.
 */
export function convertNetworks(project: ComposeProject, stack: string): ConvertedNetworks {
  const used = new Set(project.services.flatMap(serviceNetworkKeys));
  const networks: NetworkCreate[] = [];
  const externalNetworks: string[] = [];
  for (const key of used) {
    const network: ComposeNetwork | undefined = project.networks[key];
    if (network?.external === true) {
      externalNetworks.push(network.name);
      continue;
    }
    const ipamConfig = network?.ipam.config ?? [];
    const ipamDriver = network?.ipam.driver ?? "";
    const options = network?.driverOpts ?? {};
    networks.push({
      Name: network !== undefined && network.name !== "" ? network.name : scopeName(stack, key),
      // createNetworks: an empty driver means overlay.
      Driver: network !== undefined && network.driver !== "" ? network.driver : "overlay",
      ...(Object.keys(options).length > 0 ? { Options: options } : {}),
      Labels: addStackLabel(stack, network?.labels),
      Internal: network?.internal ?? false,
      Attachable: network?.attachable ?? false,
      ...(ipamDriver !== "" || ipamConfig.length > 0
        ? {
            IPAM: {
              ...(ipamDriver !== "" ? { Driver: ipamDriver } : {}),
              ...(ipamConfig.length > 0 ? { Config: ipamConfig.map((c) => ({ Subnet: c.subnet })) } : {}),
            },
          }
        : {}),
    });
  }
  networks.sort((a, b) => compareGoStrings(a.Name, b.Name));
  externalNetworks.sort(compareGoStrings);
  return { networks, externalNetworks: [...new Set(externalNetworks)] };
}

/** `convertServiceNetworks`: targets by name, aliases + the compose service name, sorted by target. */
export function convertServiceNetworks(
  service: ComposeService,
  project: ComposeProject,
  stack: string,
  compat: ComposeCompat,
): NetworkAttachment[] {
  const entries = Object.entries(service.networks ?? {});
  const attachments = (entries.length === 0 ? [[DEFAULT_NETWORK, null] as const] : entries).map(([key, settings]) => {
    const network = project.networks[key];
    if (network === undefined && key !== DEFAULT_NETWORK) {
      throw new ConversionError("COMPOSE_UNDEFINED_NETWORK", `undefined network "${key}"`);
    }
    const target = network !== undefined && network.name !== "" ? network.name : scopeName(stack, key);
    const aliases = [...(settings?.aliases ?? [])];
    if (isUserDefined(target)) aliases.push(service.name);
    // 27.0.1+ (schema 3.13) passes per-attachment driver_opts through.
    const driverOpts = compat === "28.2" ? settings?.driverOpts : undefined;
    return {
      Target: target,
      ...(aliases.length > 0 ? { Aliases: aliases } : {}),
      ...(driverOpts !== undefined && Object.keys(driverOpts).length > 0 ? { DriverOpts: driverOpts } : {}),
    };
  });
  return attachments.sort((a, b) => compareGoStrings(a.Target, b.Target));
}
