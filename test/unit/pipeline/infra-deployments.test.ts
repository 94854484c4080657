import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { renderInfraOutputs } from "../../../src/infra/render-infra-outputs.js";
import { applyDeployment } from "../../../src/infra/targets/apply-deployment.js";
import { createInfraDeployments } from "../../../src/infra/targets/create-infra-deployments.js";
import type { InfraDeployment } from "../../../src/infra/targets/deployment.js";
import { createLocalTarget } from "../../../src/infra/targets/local-target.js";
import type { LxcTransportOptions } from "../../../src/infra/targets/lxc-transport.js";
import type { ShellTransport } from "../../../src/infra/targets/shell-target.js";
import type { SshTransportOptions } from "../../../src/infra/targets/ssh-transport.js";
import { buildInfraDeployments, toInfraRenderOptions, type InfraTransportFactories } from "../../../src/pipeline/infra-deployments.js";
import { RepoSettings } from "../../../src/settings/repo-settings.js";
import { buildReferenceLikeState } from "../infra/desired-state-fixture.js";

/** Transports that record how they were opened and fail if a command ever runs. */
function recordTransports() {
  const lxc: LxcTransportOptions[] = [];
  const ssh: SshTransportOptions[] = [];
  const refuse = (description: string): ShellTransport => ({
    description,
    exec: () => Promise.reject(new Error(`${description}: no command may run`)),
    push: () => Promise.reject(new Error(`${description}: no file may be pushed`)),
  });
  const factories: InfraTransportFactories = {
    lxc: (o) => (lxc.push(o), refuse(`lxc ${o.ctid}`)),
    ssh: (o) => (ssh.push(o), refuse(`ssh ${o.destination}`)),
  };
  return { lxc, ssh, factories };
}

const layout = (deployments: readonly InfraDeployment[]) =>
  deployments.map((d) => [d.output, d.target.description, d.files.map((f) => `${f.kind} ${f.path}${f.kind === "symlink" ? ` → ${f.linkTarget}` : ""}`)]);
const steps = (deployments: readonly InfraDeployment[]) => deployments.map((d) => [d.output, d.reload !== undefined, d.probe !== undefined]);

const state = buildReferenceLikeState({
  certificates: [{ common_name: "nginx.internal.example.test", sans: ["*.internal.example.test"], cert_path: "/mnt/pve/quickOS/lxc-persistent-data/101/ssl/gw.crt", key_path: "/mnt/pve/quickOS/lxc-persistent-data/101/ssl/gw.key" }],
});
const scratch: string[] = [];

afterEach(async () => {
  for (const dir of scratch.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("buildInfraDeployments", () => {
  it("gives exactly createInfraDeployments' production layout with the default settings", () => {
    const settings = RepoSettings.parse({});
    const outputs = renderInfraOutputs(state, toInfraRenderOptions(settings));
    const { lxc, factories } = recordTransports();
    const built = buildInfraDeployments(state, outputs, settings, factories);
    const production = createInfraDeployments(state, renderInfraOutputs(state), {
      host: { ...createLocalTarget() },
      container: (ctid) => ({ ...createLocalTarget(), description: `lxc ${ctid}` }),
    });
    expect(built.warnings).toEqual([]);
    expect(outputs.map((o) => o.id)).toEqual(["dns", "firewall", "traefik", "nginx"]);
    expect(layout(built.deployments)).toEqual(layout(production.deployments));
    expect(built.deployments.map((d) => d.files)).toEqual(production.deployments.map((d) => d.files));
    expect(steps(built.deployments)).toEqual([
      ["dns", true, true],
      ["firewall", true, true],
      ["traefik", false, true],
      ["nginx", true, true],
    ]);
    expect(lxc).toEqual([{ ctid: "102" }, { ctid: "101" }]);
  });

  it("deploys nothing for an output whose target is none", () => {
    const settings = RepoSettings.parse({ infra: { targets: { dns: { kind: "none" }, nginx: { kind: "none" } } } });
    const { factories } = recordTransports();
    const built = buildInfraDeployments(state, renderInfraOutputs(state), settings, factories);
    expect(built.deployments.map((d) => d.output)).toEqual(["firewall", "traefik"]);
  });

  it("puts a local output under its path, with the settings' reload and no probe of the production daemon", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "phoenix-infra-deploy-"));
    scratch.push(dir);
    const marker = path.join(dir, "reloaded");
    const settings = RepoSettings.parse({ infra: { targets: { traefik: { kind: "local", path: `${dir}/traefik`, reload: `echo reloaded > ${marker}` } } } });
    const { factories } = recordTransports();
    const traefik = buildInfraDeployments(state, renderInfraOutputs(state), settings, factories).deployments.find((d) => d.output === "traefik");
    expect(traefik?.files.map((f) => f.path)).toEqual([`${dir}/traefik/dynamic_conf.yml`]);
    expect(traefik?.probe).toBeUndefined();
    if (!traefik) throw new Error("no traefik deployment");

    const applied = await applyDeployment(traefik, createSilentLogger());
    expect(applied.status).toBe("applied");
    expect(await readFile(marker, "utf8")).toBe("reloaded\n");
    const file = traefik.files[0];
    expect(file?.kind === "file" && (await readFile(file.path, "utf8")) === file.content).toBe(true);
  });

  it("lays the NGINX site, its link and the removed default out under the nginx path", () => {
    const settings = RepoSettings.parse({ infra: { targets: { nginx: { kind: "local", path: "/srv/gw" } } } });
    const { factories } = recordTransports();
    const nginx = buildInfraDeployments(state, renderInfraOutputs(state), settings, factories).deployments.find((d) => d.output === "nginx");
    expect(nginx ? layout([nginx]) : []).toEqual([
      ["nginx", "local", ["file /srv/gw/sites-available/gateway", "symlink /srv/gw/sites-enabled/gateway → /srv/gw/sites-available/gateway", "absent /srv/gw/sites-enabled/default"]],
    ]);
    expect(nginx?.reload).toBeDefined();
    expect(nginx?.probe).toBeDefined();
  });

  it("opens an SSH target with the settings' destination, port, key and options", () => {
    const settings = RepoSettings.parse({
      infra: {
        targets: {
          dns: { kind: "ssh", host: "pve.example.test", user: "root", port: 2222, identityFile: "/run/secrets/key", sshOptions: ["StrictHostKeyChecking=yes"], path: "/opt/dns" },
        },
      },
    });
    const { ssh, factories } = recordTransports();
    const dns = buildInfraDeployments(state, renderInfraOutputs(state), settings, factories).deployments.find((d) => d.output === "dns");
    expect(ssh).toEqual([{ destination: "root@pve.example.test", port: 2222, identityFile: "/run/secrets/key", sshOptions: ["StrictHostKeyChecking=yes"] }]);
    expect(dns?.target.description).toBe("ssh root@pve.example.test");
    expect(dns?.files.map((f) => f.path)).toEqual(["/opt/dns/dnsmasq.conf", "/opt/dns/dnsmasq.d/00-phoenix-internal.conf"]);
  });

  it("prefers the settings' CTID over the role's container, and skips a container output that has neither", () => {
    const settings = RepoSettings.parse({ infra: { targets: { firewall: { kind: "lxc", ctid: 900 }, traefik: { kind: "lxc", ctid: "555" } } } });
    const { lxc, factories } = recordTransports();
    const built = buildInfraDeployments(state, renderInfraOutputs(state), settings, factories);
    expect(lxc.map((o) => o.ctid)).toEqual(["900", "555", "101"]);
    expect(built.deployments.find((d) => d.output === "firewall")?.files[0]?.path).toBe("/etc/pve/firewall/cluster.fw");

    const noProxy = buildReferenceLikeState({ roles: { proxy: undefined } });
    const skipped = buildInfraDeployments(noProxy, renderInfraOutputs(noProxy), RepoSettings.parse({}), recordTransports().factories);
    expect(skipped.deployments.map((d) => d.output)).not.toContain("traefik");
    expect(skipped.warnings.map((w) => [w.code, w.path])).toEqual([["INFRA_NO_TARGET_CONTAINER", "infra.targets.traefik"]]);
  });
});

describe("toInfraRenderOptions", () => {
  it("points dnsmasq's conf-dir into the DNS target's directory", () => {
    expect(toInfraRenderOptions(RepoSettings.parse({}))).toEqual({ dns: { confDir: "/etc/dnsmasq.d" } });
    expect(toInfraRenderOptions(RepoSettings.parse({ infra: { targets: { dns: { kind: "local", path: "/var/lib/demo/dns" } } } }))).toEqual({
      dns: { confDir: "/var/lib/demo/dns/dnsmasq.d" },
    });
    expect(toInfraRenderOptions(RepoSettings.parse({ infra: { targets: { dns: { kind: "none" } } } }))).toEqual({});
  });
});
