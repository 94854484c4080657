import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderInfraOutputs } from "../../../src/infra/render-infra-outputs.js";
import { checkRenderedOutputs } from "../../../src/infra/check-rendered-outputs.js";
import { writeRenderedOutputs } from "../../../src/infra/write-rendered-outputs.js";
import { createInfraDeployments } from "../../../src/infra/targets/create-infra-deployments.js";
import { createLocalTarget } from "../../../src/infra/targets/local-target.js";
import type { Target } from "../../../src/infra/targets/target.js";
import { buildReferenceLikeState } from "./desired-state-fixture.js";

const named = (description: string): Target => ({ ...createLocalTarget(), description });

describe("createInfraDeployments", () => {
  it("puts DNS and firewall on the host and Traefik and NGINX in the proxy and gateway containers", () => {
    const state = buildReferenceLikeState();
    const outputs = renderInfraOutputs(state);
    const { deployments, warnings } = createInfraDeployments(state, outputs, { host: named("host"), container: (id) => named(`lxc ${id}`) });
    expect(warnings).toEqual([]);
    expect(deployments.map((d) => [d.output, d.target.description, d.files.map((f) => `${f.kind} ${f.path}`)])).toEqual([
      ["dns", "host", ["file /etc/dnsmasq.conf", "file /etc/dnsmasq.d/00-phoenix-internal.conf"]],
      ["firewall", "host", ["file /etc/pve/firewall/cluster.fw", "file /etc/pve/firewall/101.fw", "file /etc/pve/firewall/1002.fw"]],
      ["traefik", "lxc 102", ["file /etc/traefik/dynamic/dynamic_conf.yml"]],
      ["nginx", "lxc 101", ["file /etc/nginx/sites-available/gateway", "symlink /etc/nginx/sites-enabled/gateway", "absent /etc/nginx/sites-enabled/default"]],
    ]);
    expect(deployments.every((d) => d.reload !== undefined || d.output === "traefik")).toBe(true);
  });

  it("deploys no output that was not rendered", () => {
    const state = buildReferenceLikeState({ certificates: [] });
    const { deployments } = createInfraDeployments(state, renderInfraOutputs(state), { host: named("host"), container: (id) => named(`lxc ${id}`) });
    expect(deployments.map((d) => d.output)).toEqual(["dns", "firewall", "traefik"]);
  });
});

describe("writeRenderedOutputs and checkRenderedOutputs", () => {
  it("writes each output's files and leaves what it did not write alone", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "phoenix-out-"));
    try {
      await mkdir(path.join(out, "firewall"));
      await writeFile(path.join(out, "firewall", "999.fw"), "stale");
      await writeFile(path.join(out, "notes"), "mine");
      const outputs = renderInfraOutputs(buildReferenceLikeState());
      expect(checkRenderedOutputs(outputs)).toEqual([]);
      const { written } = await writeRenderedOutputs(out, outputs);
      expect(written.map((w) => w.path)).toContain("dnsmasq/dnsmasq.d/00-phoenix-internal.conf");
      // 999.fw is not Phoenix's (no manifest lists it): render --out never deletes it.
      expect((await readdir(path.join(out, "firewall"))).sort()).toEqual(["1002.fw", "101.fw", "999.fw", "cluster.fw"]);
      expect(await readFile(path.join(out, "notes"), "utf8")).toBe("mine");
      expect(await readFile(path.join(out, "traefik", "dynamic_conf.yml"), "utf8")).toBe(outputs[2]?.files[0]?.content);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("reports a generated file that fails its daemon-free check", () => {
    const outputs = renderInfraOutputs(buildReferenceLikeState()).map((o) =>
      o.id === "firewall" ? { ...o, files: [{ name: "cluster.fw", content: "[RULES]\nIN ACCEPT iface vmbr0\n" }] } : o,
    );
    expect(checkRenderedOutputs(outputs)[0]).toMatch(/^firewall\/cluster\.fw: line 2: unknown rule option "iface"/);
  });
});
