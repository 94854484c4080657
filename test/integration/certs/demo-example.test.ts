import { X509Certificate } from "node:crypto";
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { hasChanges } from "../../../src/plan/plan.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { runCli } from "../../helpers/run-cli.js";
import { FakeSwarmPort } from "../../unit/swarm/fake-swarm-port.js";
import { prepareDemoRepo, type DemoRepo } from "./demo-repo.js";
import { readServedCertificate } from "./served-certificate.js";

/**
 * The bundled example exactly as scripts/demo.sh syncs it (./demo-repo.ts),
 * with an in-memory swarm in place of the machine's: the certificates are
 * issued by the demo's pebble, the NGINX gateway is deployed because
 * `nginx -t` finds its certificate, and the demo's nginx serves the rendered
 * site (`demo-ca.sh serve-gateway`) with it, as a TLS client that trusts only
 * pebble's root sees.
 */
let demoRepo: DemoRepo;
let dir: string;
let repo: string;
let demo: string;
let gateway: DemoRepo["gateway"];

beforeAll(async () => {
  demoRepo = await prepareDemoRepo("127.0.0.90");
  ({ dir, repo, demo, gateway } = demoRepo);
  await demoRepo.demoCa("start");
});

afterAll(async () => {
  await demoRepo?.close();
});

/** Every file the demo's outputs and certificates live in (not pebble's own), with what a write would change. */
async function snapshotTargets(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const part of ["dns", "firewall", "traefik", "nginx", "lxc-persistent-data", "trust"]) {
    for (const entry of await readdir(path.join(demo, part), { recursive: true, withFileTypes: true }).catch(() => [])) {
      const file = path.join(entry.parentPath, entry.name);
      const s = await stat(file);
      files.set(file, `${s.ino} ${s.mtimeMs} ${s.size} ${s.mode}`);
    }
  }
  return files;
}

describe("the demo's certificates", () => {
  const port = new FakeSwarmPort();
  const sync = () => runSync({ tree: createDirectoryTree(repo), port, logger: createSilentLogger() }, { dryRun: false });
  const root = () => readFile(path.join(demo, "ca/root.pem"), "utf8");

  it("are issued by the demo's pebble, and the NGINX gateway is deployed with its certificate", async () => {
    const run = await sync();
    expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(run.certificates?.certificates.map((r) => [r.commonName, r.outcome, r.error])).toEqual([
      ["nginx.internal.example.test", "issued", undefined],
      ["traefik.internal.example.test", "issued", undefined],
    ]);
    expect(run.infra?.map((r) => [r.output, r.outcome, r.error])).toContainEqual(["nginx", "applied", undefined]);
    expect(run.certificates?.trust).toEqual([{ holder: "host", outcome: "installed" }]);
    expect(run.ok).toBe(true);

    const site = await readFile(path.join(demo, "nginx/sites-available/gateway"), "utf8");
    const certPath = path.join(demo, "lxc-persistent-data/101/ssl/nginx.internal.example.test.crt");
    expect(site).toContain(`ssl_certificate ${certPath};`);
    const leaf = new X509Certificate(await readFile(certPath, "utf8"));
    const root = new X509Certificate(await readFile(path.join(demo, "ca/root.pem"), "utf8"));
    expect(leaf.issuer).toMatch(/Pebble Intermediate CA/);
    expect(root.subject).toMatch(/Pebble Root CA/);
    // The challenge records are gone from the DNS output's directory.
    expect((await readdir(path.join(demo, "dns/dnsmasq.d"))).sort()).toEqual(["00-phoenix-internal.conf"]);
  });

  it("are served by the rendered gateway, verified against pebble's root only", async () => {
    await demoRepo.demoCa("serve-gateway");
    const leaf = new X509Certificate(await readFile(path.join(demo, "lxc-persistent-data/101/ssl/nginx.internal.example.test.crt"), "utf8"));
    const served = await readServedCertificate({ ...gateway, ca: await root() });
    expect(served.fingerprint256).toBe(leaf.fingerprint256);
    expect(served.subjectaltname?.split(", ")).toContain("DNS:app.internal.example.test");
    // The same site under another of its names; a client that trusts another root (pebble's listener's) refuses it.
    expect((await readServedCertificate({ ...gateway, servername: "app.internal.example.test", ca: await root() })).fingerprint256).toBe(leaf.fingerprint256);
    const otherRoot = await readFile(path.join(demo, "ca/pebble-listener.pem"), "utf8");
    await expect(readServedCertificate({ ...gateway, ca: otherRoot })).rejects.toThrow(/unable to get local issuer certificate/);
  });

  it("lists them valid with `phoenix certs` (exit 0)", async () => {
    const previous = process.env.PHOENIX_STATE_DIR;
    process.env.PHOENIX_STATE_DIR = path.join(dir, "state");
    const r = await runCli(["certs", "--dir", repo, "--json"]).finally(() => {
      if (previous === undefined) delete process.env.PHOENIX_STATE_DIR;
      else process.env.PHOENIX_STATE_DIR = previous;
    });
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: "" });
    const listed = JSON.parse(r.stdout) as { certificates: { commonName: string; status: string }[] };
    expect(listed.certificates.map((c) => [c.commonName, c.status])).toEqual([
      ["nginx.internal.example.test", "valid"],
      ["traefik.internal.example.test", "valid"],
    ]);
  });

  it("issues nothing on the second run, as the demo's second run shows: no Swarm write, no file written", async () => {
    const before = await snapshotTargets();
    const calls = port.calls.length;
    const run = await sync();
    expect(run.plan && hasChanges(run.plan)).toBe(false);
    expect(run.plan?.steps).toEqual([]);
    expect(run.certificates?.certificates).toEqual([]);
    expect(run.certificates?.trust).toEqual([{ holder: "host", outcome: "unchanged" }]);
    expect(port.calls.slice(calls)).toEqual([]);
    expect(before.size).toBeGreaterThan(5);
    expect(await snapshotTargets()).toEqual(before);
  });
});
