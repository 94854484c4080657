import type { DesiredState } from "../../config/desired-state.js";
import type { Diagnostic } from "../../errors.js";
import type { InfraOutputId, RenderedOutput } from "../rendered-output.js";
import { renderWarning } from "../render-diagnostic.js";
import type { InfraDeployment } from "./deployment.js";
import { createOutputDeployment } from "./output-deployment.js";
import type { Target } from "./target.js";

/** How to reach the Proxmox host and its containers (local or SSH host; `pct` containers). */
export interface InfraTargets {
  readonly host: Target;
  readonly container: (ctid: string) => Target;
}

/** The directory of each output in the production layout of the bash tooling. */
export const PRODUCTION_OUTPUT_DIRS: Readonly<Record<InfraOutputId, string>> = {
  dns: "/etc",
  firewall: "/etc/pve/firewall",
  traefik: "/etc/traefik/dynamic",
  nginx: "/etc/nginx",
};

/**
 * The production layout of the bash tooling: dnsmasq and the firewall files on
 * the Proxmox host, the Traefik dynamic file in the proxy container, the
 * gateway site in the NGINX container.
 */
export function createInfraDeployments(state: DesiredState, outputs: readonly RenderedOutput[], targets: InfraTargets): { deployments: InfraDeployment[]; warnings: Diagnostic[] } {
  const deployments: InfraDeployment[] = [];
  const warnings: Diagnostic[] = [];
  for (const output of outputs) {
    if (output.files.length === 0) continue;
    const target = pickTarget(state, output.id, targets);
    if (target === undefined) {
      if (output.id === "traefik") warnings.push(renderWarning("INFRA_NO_PROXY_GUEST", "no Traefik guest (feature traefik): the dynamic configuration is not deployed"));
      continue;
    }
    const deployment = createOutputDeployment(state, output, { target, dir: PRODUCTION_OUTPUT_DIRS[output.id] });
    if (deployment) deployments.push(deployment);
  }
  return { deployments, warnings };
}

function pickTarget(state: DesiredState, output: InfraOutputId, targets: InfraTargets): Target | undefined {
  if (output === "dns" || output === "firewall") return targets.host;
  const ctid = output === "traefik" ? state.roles.proxy : state.roles.gateway;
  return ctid === undefined ? undefined : targets.container(ctid);
}
