import path from "node:path";
import type { DesiredState } from "../../config/desired-state.js";
import type { RenderedOutput } from "../rendered-output.js";
import { collectDnsRecords } from "../dns/collect-dns-records.js";
import { readHypervisorAddress } from "../config-fields.js";
import { NGINX_SITE_FILE } from "../nginx/render-nginx-gateway.js";
import type { InfraDeployment } from "./deployment.js";
import { probeDnsAnswers, probeWithCommand, reloadWithCommand } from "./daemon-steps.js";
import type { DesiredFile, Target } from "./target.js";
import { createDnsmasqValidator, createFirewallValidator, createNginxValidator, createTraefikValidator } from "./validators.js";

/** Where one rendered output goes: the target, the directory its file names are relative to, and who reloads the daemon. */
export interface OutputPlacement {
  readonly target: Target;
  /** Absolute directory on the target (`/etc` for dnsmasq, `/etc/nginx` for the gateway). */
  readonly dir: string;
  /**
   * A command that replaces Phoenix's daemon steps for this output: its reload
   * and the probe that checks the daemon that reload restarts. Undefined keeps both.
   */
  readonly reload?: readonly string[];
}

/**
 * One output's deployment: its files under `dir`, the real tool's validator,
 * and the reload and probe of the production daemon (or the placement's own
 * reload). Undefined when the output rendered no file.
 */
export function createOutputDeployment(state: DesiredState, output: RenderedOutput, placement: OutputPlacement): InfraDeployment | undefined {
  if (output.files.length === 0) return undefined;
  const { target, dir } = placement;
  const at = (name: string) => path.posix.join(dir, name);
  const files = (mode: number): DesiredFile[] => output.files.map((f) => ({ kind: "file", path: at(f.name), content: f.content, mode }));
  const custom = placement.reload === undefined ? undefined : { reload: reloadWithCommand(placement.reload) };
  switch (output.id) {
    case "dns": {
      const listen = readHypervisorAddress(state);
      return {
        output: "dns",
        target,
        files: files(0o644),
        validate: createDnsmasqValidator(),
        ...(custom ?? {
          // dnsmasq re-reads address= lines only on a restart, not on SIGHUP.
          reload: reloadWithCommand(["systemctl", "restart", "dnsmasq"]),
          ...(listen ? { probe: probeDnsAnswers(listen, collectDnsRecords(state).records, { attempts: 5, intervalMs: 1000 }) } : {}),
        }),
      };
    }
    case "firewall":
      return {
        output: "firewall",
        target,
        files: files(0o640),
        validate: createFirewallValidator(),
        ...(custom ?? { reload: reloadWithCommand(["pve-firewall", "restart"]), probe: probeWithCommand(target, ["pve-firewall", "status"]) }),
      };
    case "traefik":
      return {
        output: "traefik",
        target,
        files: files(0o644),
        validate: createTraefikValidator(),
        // The file provider watches the directory; Traefik's SIGHUP behaviour differs between releases.
        ...(custom ?? { probe: probeWithCommand(target, ["systemctl", "is-active", "--quiet", "traefik"]) }),
      };
    case "nginx": {
      const site = output.files.find((f) => f.name === NGINX_SITE_FILE);
      if (site === undefined) return undefined;
      return {
        output: "nginx",
        target,
        files: [
          { kind: "file", path: at(NGINX_SITE_FILE), content: site.content, mode: 0o644 },
          { kind: "symlink", path: at("sites-enabled/gateway"), linkTarget: at(NGINX_SITE_FILE) },
          // The distribution's placeholder also claims default_server on :80.
          { kind: "absent", path: at("sites-enabled/default") },
        ],
        validate: createNginxValidator(),
        ...(custom ?? {
          reload: reloadWithCommand(["sh", "-c", "nginx -t -q && systemctl reload nginx"]),
          probe: probeWithCommand(target, ["sh", "-c", "ss -tln | grep -q ':443 '"], { attempts: 10, intervalMs: 3000 }),
        }),
      };
    }
  }
}
