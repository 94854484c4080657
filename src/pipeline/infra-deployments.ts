import path from "node:path";
import type { DesiredState } from "../config/desired-state.js";
import type { Diagnostic } from "../errors.js";
import type { InfraRenderOptions } from "../infra/render-infra-outputs.js";
import type { InfraOutputId, RenderedOutput } from "../infra/rendered-output.js";
import { DNSMASQ_RECORDS_FILE } from "../infra/dns/render-dnsmasq-config.js";
import type { InfraDeployment } from "../infra/targets/deployment.js";
import { createLocalTarget } from "../infra/targets/local-target.js";
import { createLxcTransport, type LxcTransportOptions } from "../infra/targets/lxc-transport.js";
import { createOutputDeployment } from "../infra/targets/output-deployment.js";
import { createShellTarget, type ShellTransport } from "../infra/targets/shell-target.js";
import { createSshTransport, type SshTransportOptions } from "../infra/targets/ssh-transport.js";
import type { Target } from "../infra/targets/target.js";
import type { InfraTargetSettings } from "../settings/infra-target-settings.js";
import { toLxcTransportOptions, toSshTransportOptions } from "../settings/infra-target-transports.js";
import { REPO_SETTINGS_FILE, type RepoSettings } from "../settings/repo-settings.js";

/** How targets reach containers and hosts; tests swap in stand-ins. */
export interface InfraTransportFactories {
  readonly lxc: (options: LxcTransportOptions) => ShellTransport;
  readonly ssh: (options: SshTransportOptions) => ShellTransport;
}

const REAL_TRANSPORTS: InfraTransportFactories = { lxc: createLxcTransport, ssh: createSshTransport };

export interface InfraDeploymentSet {
  /** One per output that rendered files and has a target, in render order (DNS, firewall, Traefik, NGINX). */
  readonly deployments: readonly InfraDeployment[];
  readonly warnings: readonly Diagnostic[];
}

/**
 * The deployments `infra.targets` asks for: each output on its target, under
 * its directory, with the output's validator, and Phoenix's reload and probe
 * unless the settings give a `reload` of their own. `none` deploys nothing.
 * With the default settings this is exactly `createInfraDeployments`.
 * `placementState` decides where the files go and what is probed (the
 * containers of the Traefik and gateway roles, the DNS server's address):
 * for an untrusted tree, the trusted ref's state, never the tree's own.
 */
export function buildInfraDeployments(
  state: DesiredState,
  rendered: readonly RenderedOutput[],
  settings: RepoSettings,
  transports: InfraTransportFactories = REAL_TRANSPORTS,
  placementState: DesiredState = state,
): InfraDeploymentSet {
  const deployments: InfraDeployment[] = [];
  const warnings: Diagnostic[] = [];
  for (const output of rendered) {
    const target = settings.infra.targets[output.id];
    if (target.kind === "none" || output.files.length === 0) continue;
    const reached = openTarget(placementState, output.id, target, transports);
    if (reached === undefined) {
      warnings.push(missingContainerWarning(output.id));
      continue;
    }
    const deployment = createOutputDeployment(placementState, output, { target: reached, dir: target.path, ...(target.reload ? { reload: target.reload } : {}) });
    if (deployment) deployments.push(deployment);
  }
  return { deployments, warnings };
}

/** What rendering needs from the settings: dnsmasq's `conf-dir` follows the DNS target's directory. */
export function toInfraRenderOptions(settings: RepoSettings): InfraRenderOptions {
  const dns = settings.infra.targets.dns;
  // With HTTP-01, the gateway serves Phoenix's tokens from the certificates' webroot.
  const http01 = settings.certificates?.challenge === "http-01" ? { nginx: { acmeWebroot: settings.certificates.http01Webroot } } : {};
  if (dns.kind === "none") return http01;
  return { dns: { confDir: path.posix.join(dns.path, path.posix.dirname(DNSMASQ_RECORDS_FILE)) }, ...http01 };
}

export type ReachableTarget = Exclude<InfraTargetSettings, { kind: "none" }>;

export function openTarget(state: DesiredState, output: InfraOutputId, target: ReachableTarget, transports: InfraTransportFactories): Target | undefined {
  switch (target.kind) {
    case "local":
      return createLocalTarget();
    case "ssh":
      return createShellTarget(transports.ssh(toSshTransportOptions(target)));
    case "lxc": {
      const roleCtid = output === "traefik" ? state.roles.proxy : output === "nginx" ? state.roles.gateway : undefined;
      const options = toLxcTransportOptions(target, roleCtid);
      return options === undefined ? undefined : createShellTarget(transports.lxc(options));
    }
  }
}

function missingContainerWarning(output: InfraOutputId): Diagnostic {
  const role = output === "traefik" ? "no Traefik guest (feature traefik)" : "no NGINX gateway guest";
  return {
    severity: "warning",
    code: "INFRA_NO_TARGET_CONTAINER",
    stage: "plan",
    file: REPO_SETTINGS_FILE,
    path: `infra.targets.${output}`,
    message: `${role} and no ctid: the ${output} output is not deployed`,
    hint: `set infra.targets.${output}.ctid, or kind: none`,
  };
}
