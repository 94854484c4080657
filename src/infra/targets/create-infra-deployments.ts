import type { DesiredState } from "../../config/desired-state.js";
import type { Diagnostic } from "../../errors.js";
import type { RenderedOutput } from "../rendered-output.js";
import { collectDnsRecords } from "../dns/collect-dns-records.js";
import { DNSMASQ_MAIN_FILE, DNSMASQ_RECORDS_FILE } from "../dns/render-dnsmasq-config.js";
import { readHypervisorAddress } from "../config-fields.js";
import { renderWarning } from "../render-diagnostic.js";
import { NGINX_SITE_FILE } from "../nginx/render-nginx-gateway.js";
import { TRAEFIK_DYNAMIC_FILE } from "../traefik/render-traefik-config.js";
import type { InfraDeployment } from "./deployment.js";
import { probeDnsAnswers, probeWithCommand, reloadWithCommand } from "./daemon-steps.js";
import type { DesiredFile, Target } from "./target.js";
import { createDnsmasqValidator, createFirewallValidator, createNginxValidator, createTraefikValidator } from "./validators.js";

/** How to reach the Proxmox host and its containers (local or SSH host; `pct` containers). */
export interface InfraTargets {
  readonly host: Target;
  readonly container: (ctid: string) => Target;
}

/**
 * The production layout of the bash tooling: dnsmasq and the firewall files on
 * the Proxmox host, the Traefik dynamic file in the proxy container, the
 * gateway site in the NGINX container.
 */
export function createInfraDeployments(state: DesiredState, outputs: readonly RenderedOutput[], targets: InfraTargets): { deployments: InfraDeployment[]; warnings: Diagnostic[] } {
  const deployments: InfraDeployment[] = [];
  const warnings: Diagnostic[] = [];
  const content = (output: RenderedOutput, name: string, path: string): DesiredFile[] => {
    const file = output.files.find((f) => f.name === name);
    return file ? [{ kind: "file", path, content: file.content, mode: 0o644 }] : [];
  };
  for (const output of outputs) {
    if (output.files.length === 0) continue;
    switch (output.id) {
      case "dns": {
        const listen = readHypervisorAddress(state);
        deployments.push({
          output: "dns",
          target: targets.host,
          files: [...content(output, DNSMASQ_MAIN_FILE, "/etc/dnsmasq.conf"), ...content(output, DNSMASQ_RECORDS_FILE, "/etc/dnsmasq.d/00-phoenix-internal.conf")],
          validate: createDnsmasqValidator(),
          // dnsmasq re-reads address= lines only on a restart, not on SIGHUP.
          reload: reloadWithCommand(["systemctl", "restart", "dnsmasq"]),
          ...(listen ? { probe: probeDnsAnswers(listen, collectDnsRecords(state).records, { attempts: 5, intervalMs: 1000 }) } : {}),
        });
        break;
      }
      case "firewall":
        deployments.push({
          output: "firewall",
          target: targets.host,
          files: output.files.map((f) => ({ kind: "file", path: `/etc/pve/firewall/${f.name}`, content: f.content, mode: 0o640 })),
          validate: createFirewallValidator(),
          reload: reloadWithCommand(["pve-firewall", "restart"]),
          probe: probeWithCommand(targets.host, ["pve-firewall", "status"]),
        });
        break;
      case "traefik": {
        if (state.roles.proxy === undefined) {
          warnings.push(renderWarning("INFRA_NO_PROXY_GUEST", "no Traefik guest (feature traefik): the dynamic configuration is not deployed"));
          break;
        }
        const target = targets.container(state.roles.proxy);
        deployments.push({
          output: "traefik",
          target,
          files: content(output, TRAEFIK_DYNAMIC_FILE, "/etc/traefik/dynamic/dynamic_conf.yml"),
          validate: createTraefikValidator(),
          // The file provider watches the directory; Traefik's SIGHUP behaviour differs between releases.
          probe: probeWithCommand(target, ["systemctl", "is-active", "--quiet", "traefik"]),
        });
        break;
      }
      case "nginx": {
        if (state.roles.gateway === undefined) break;
        const target = targets.container(state.roles.gateway);
        deployments.push({
          output: "nginx",
          target,
          files: [
            ...content(output, NGINX_SITE_FILE, "/etc/nginx/sites-available/gateway"),
            { kind: "symlink", path: "/etc/nginx/sites-enabled/gateway", linkTarget: "/etc/nginx/sites-available/gateway" },
            // The distribution's placeholder also claims default_server on :80.
            { kind: "absent", path: "/etc/nginx/sites-enabled/default" },
          ],
          validate: createNginxValidator(),
          reload: reloadWithCommand(["sh", "-c", "nginx -t -q && systemctl reload nginx"]),
          probe: probeWithCommand(target, ["sh", "-c", "ss -tln | grep -q ':443 '"], { attempts: 10, intervalMs: 3000 }),
        });
        break;
      }
    }
  }
  return { deployments, warnings };
}
