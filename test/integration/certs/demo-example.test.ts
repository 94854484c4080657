import { X509Certificate } from "node:crypto";
import { chmod, cp, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { hasChanges } from "../../../src/plan/plan.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { runCli } from "../../helpers/run-cli.js";
import { FakeSwarmPort } from "../../unit/swarm/fake-swarm-port.js";
import { findFreePort } from "../infra/daemons.js";
import { readServedCertificate } from "./served-certificate.js";

/**
 * The bundled example exactly as scripts/demo.sh syncs it (its settings,
 * manifest and scripts/demo-ca.sh), moved from /var/lib/phoenix-demo to a
 * temporary directory and from the demo's fixed loopback ports to free ones,
 * with an in-memory swarm in place of the machine's: the certificates are
 * issued by the demo's pebble, the NGINX gateway is deployed because
 * `nginx -t` finds its certificate, and the demo's nginx serves the rendered
 * site (`demo-ca.sh serve-gateway`) with it, as a TLS client that trusts only
 * pebble's root sees.
 */
const repoRoot = path.resolve(import.meta.dirname, "../../..");
const ADDRESS = "127.0.0.90";
let dir: string;
let repo: string;
let demo: string;
let env: Record<string, string>;
let gateway: { host: string; port: number; servername: string };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-demo-ca-"));
  await chmod(dir, 0o755);
  demo = path.join(dir, "phoenix-demo");
  repo = path.join(dir, "repo");
  const ports = { acme: await findFreePort(ADDRESS), management: await findFreePort(ADDRESS), dns: await findFreePort(ADDRESS), http: await findFreePort(ADDRESS), https: await findFreePort(ADDRESS) };
  const move = (text: string) =>
    text
      .replaceAll("/var/lib/phoenix-demo", demo)
      .replaceAll("127.0.10.1:14000", `${ADDRESS}:${ports.acme}`)
      .replaceAll("127.0.10.1:10053", `${ADDRESS}:${ports.dns}`);
  for (const part of ["etc", "stacks", ".github"]) await cp(path.join(repoRoot, part), path.join(repo, part), { recursive: true });
  for (const file of [".github/phoenix.yml", "etc/certificate-manifest.json", "etc/phoenix_lxc_configs.json"]) {
    await writeFile(path.join(repo, file), move(await readFile(path.join(repo, file), "utf8")));
  }
  // The stacks go to the in-memory swarm without asking a registry, and are not waited on for long.
  const settings = await readFile(path.join(repo, ".github/phoenix.yml"), "utf8");
  await writeFile(path.join(repo, ".github/phoenix.yml"), `swarm: { resolveImage: never }\nwait: { timeoutSeconds: 10, monitorSeconds: 0 }\n${settings}`);
  env = {
    PHOENIX_DEMO_DIR: demo,
    PHOENIX_DEMO_CA_ADDRESS: ADDRESS,
    PHOENIX_DEMO_ACME_PORT: String(ports.acme),
    PHOENIX_DEMO_MANAGEMENT_PORT: String(ports.management),
    PHOENIX_DEMO_DNS_PORT: String(ports.dns),
    PHOENIX_DEMO_GATEWAY_HTTP_PORT: String(ports.http),
    PHOENIX_DEMO_GATEWAY_HTTPS_PORT: String(ports.https),
  };
  gateway = { host: ADDRESS, port: ports.https, servername: "nginx.internal.example.test" };
  await execa("bash", [path.join(repoRoot, "scripts/demo-ca.sh"), "start"], { env });
});

afterAll(async () => {
  await execa("bash", [path.join(repoRoot, "scripts/demo-ca.sh"), "stop"], { env, reject: false });
  await rm(dir, { recursive: true, force: true });
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
    await execa("bash", [path.join(repoRoot, "scripts/demo-ca.sh"), "serve-gateway"], { env });
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
