import { X509Certificate } from "node:crypto";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { createSilentLogger } from "../../../src/logger.js";
import { hasChanges } from "../../../src/plan/plan.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { FakeSwarmPort } from "../../unit/swarm/fake-swarm-port.js";
import { prepareDemoRepo, type DemoRepo } from "./demo-repo.js";
import { waitForServedCertificate } from "./served-certificate.js";

/**
 * The bundled example's first issuance over HTTP-01, from nothing: no
 * certificate exists, so the gateway cannot pass `nginx -t`. The sync
 * bootstraps a placeholder pair, applies the gateway (its reload starts the
 * demo's nginx on loopback), then pebble fetches each token from the
 * gateway's ACME path and the real pairs replace the placeholders; the
 * gateway's renewal command reloads it and it serves the new certificate.
 * Every name of the domain resolves to the test's loopback address.
 */
const ADDRESS = "127.0.0.91";
let demoRepo: DemoRepo;

beforeAll(async () => {
  demoRepo = await prepareDemoRepo(ADDRESS);
  const { demo, repo } = demoRepo;
  const settingsFile = path.join(repo, ".github/phoenix.yml");
  const settings = parse(await readFile(settingsFile, "utf8")) as { infra: { targets: Record<string, Record<string, unknown>> }; certificates: Record<string, unknown> };
  // No DNS output: the demo's dnsmasq answers with the test's loopback record below, not the example's addresses.
  settings.infra.targets.dns = { kind: "none" };
  // The NGINX target's reload serves the gateway: pebble's HTTP-01 checks reach it there.
  settings.infra.targets.nginx = { ...settings.infra.targets.nginx, reload: `${demo}/ca/serve-gateway` };
  settings.certificates = { ...settings.certificates, challenge: "http-01", http01Webroot: `${demo}/acme-webroot` };
  await writeFile(settingsFile, stringify(settings));
  // The gateway's renewal command reloads it, as `systemctl reload nginx` in the gateway container would.
  const manifestFile = path.join(repo, "etc/certificate-manifest.json");
  const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as { post_renewal_command?: string }[];
  if (manifest[0]) manifest[0].post_renewal_command = `${demo}/ca/serve-gateway`;
  await writeFile(manifestFile, JSON.stringify(manifest, null, 4));
  await mkdir(path.join(demo, "dns", "dnsmasq.d"), { recursive: true });
  await writeFile(path.join(demo, "dns", "dnsmasq.d", "10-test-loopback.conf"), `address=/internal.example.test/${ADDRESS}\n`);
  await demoRepo.demoCa("start");
});

afterAll(async () => {
  await demoRepo?.close();
});

describe("the demo's first issuance over HTTP-01", () => {
  const port = new FakeSwarmPort();
  const sync = () => runSync({ tree: createDirectoryTree(demoRepo.repo), port, logger: createSilentLogger() }, { dryRun: false });

  it("bootstraps the missing pairs, deploys the gateway on them, then issues through it", async () => {
    const run = await sync();
    expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const steps = run.plan?.steps.map((s) => `${s.unit} ${s.action}`) ?? [];
    const gatewayStep = steps.indexOf("infra/nginx apply");
    expect(steps.slice(gatewayStep - 2, gatewayStep + 3)).toEqual([
      "certificate/nginx.internal.example.test bootstrap",
      "certificate/traefik.internal.example.test bootstrap",
      "infra/nginx apply",
      "certificate/nginx.internal.example.test issue",
      "certificate/traefik.internal.example.test issue",
    ]);
    expect(run.infra?.map((r) => [r.output, r.outcome, r.error])).toContainEqual(["nginx", "applied", undefined]);
    expect(run.certificates?.certificates.map((r) => [r.commonName, r.outcome, r.error])).toEqual([
      ["nginx.internal.example.test", "issued", undefined],
      ["traefik.internal.example.test", "issued", undefined],
    ]);
    expect(run.ok).toBe(true);

    // pebble asked the gateway for the token of every name of both certificates (5 + 1), and got each.
    const log = await readFile(path.join(demoRepo.demo, "gateway/logs/access.log"), "utf8");
    expect(log.split("\n").filter((l) => l.includes("GET /.well-known/acme-challenge/") && l.includes('" 200 ')).length).toBeGreaterThanOrEqual(6);
    expect(await readdir(path.join(demoRepo.demo, "acme-webroot/.well-known/acme-challenge"))).toEqual([]);

    const certPath = path.join(demoRepo.demo, "lxc-persistent-data/101/ssl/nginx.internal.example.test.crt");
    const leaf = new X509Certificate(await readFile(certPath, "utf8"));
    expect(leaf.issuer).toMatch(/Pebble Intermediate CA/);
    const root = await readFile(path.join(demoRepo.demo, "ca/root.pem"), "utf8");
    expect(await waitForServedCertificate({ ...demoRepo.gateway, ca: root }, leaf.fingerprint256)).toBe(leaf.fingerprint256);
  });

  it("issues nothing on the second sync", async () => {
    const calls = port.calls.length;
    const run = await sync();
    expect(run.plan && hasChanges(run.plan)).toBe(false);
    expect(run.certificates?.certificates).toEqual([]);
    expect(port.calls.slice(calls)).toEqual([]);
  });
});
