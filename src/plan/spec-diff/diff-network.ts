/**
 * Differences between a stack network's definition and the network the swarm
 * has. `docker stack deploy` never updates or recreates an existing network
 * (docs/stack-deploy.md §5.2), and neither does Phoenix: these changes become
 * warnings, so the user learns that the edit had no effect.
 */
import type { NetworkInfo } from "../../engine/engine-objects.js";
import type { NetworkCreate } from "../../engine/stack-spec.js";
import { diffObjectViews } from "./diff-object-views.js";
import { ObjectViewBuilder, type ObjectView } from "./object-view.js";
import type { SpecChange } from "./spec-change.js";

/** Options the driver adds on its own (the overlay driver's VXLAN IDs). */
const DAEMON_OPTIONS = new Set(["com.docker.network.driver.overlay.vxlanid_list"]);

export function diffNetwork(live: NetworkInfo, desired: NetworkCreate): SpecChange[] {
  // Subnets are compared only when the definition pins them: otherwise the daemon picks one.
  const compareSubnets = (desired.IPAM?.Config?.length ?? 0) > 0;
  const liveView = toNetworkView(
    {
      driver: live.Driver,
      options: live.Options ?? {},
      labels: live.Labels ?? {},
      internal: live.Internal ?? false,
      attachable: live.Attachable ?? false,
      ipamDriver: live.IPAM?.Driver,
      subnets: (live.IPAM?.Config ?? []).map((c) => c.Subnet ?? ""),
    },
    compareSubnets,
  );
  const desiredView = toNetworkView(
    {
      driver: desired.Driver,
      options: desired.Options ?? {},
      labels: desired.Labels,
      internal: desired.Internal ?? false,
      attachable: desired.Attachable ?? false,
      ipamDriver: desired.IPAM?.Driver,
      subnets: (desired.IPAM?.Config ?? []).map((c) => c.Subnet),
    },
    compareSubnets,
  );
  return diffObjectViews(liveView, desiredView);
}

interface NetworkFacts {
  readonly driver: string;
  readonly options: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly ipamDriver: string | undefined;
  readonly subnets: readonly string[];
}

function toNetworkView(facts: NetworkFacts, compareSubnets: boolean): ObjectView {
  const options = Object.fromEntries(Object.entries(facts.options).filter(([key]) => !DAEMON_OPTIONS.has(key)));
  return new ObjectViewBuilder()
    .value("driver", facts.driver)
    .keyed("driver_opts", options)
    .keyed("labels", facts.labels)
    .value("internal", facts.internal || undefined)
    .value("attachable", facts.attachable || undefined)
    .value("ipam.driver", facts.ipamDriver || "default")
    .value("ipam.config", compareSubnets ? [...facts.subnets].sort() : undefined)
    .build();
}
