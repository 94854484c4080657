import { X509Certificate } from "node:crypto";
import { chmod, cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { hasChanges } from "../../../src/plan/plan.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { FakeSwarmPort } from "../../unit/swarm/fake-swarm-port.js";
import { findFreePort } from "../infra/daemons.js";

/**
 * The bundled example exactly as scripts/demo.sh syncs it (its settings,
 * manifest and scripts/demo-ca.sh), moved from /var/lib/phoenix-demo to a
 * temporary directory and from the demo's fixed loopback ports to free ones,
 * with an in-memory swarm in place of the machine's: the certificates are
 * issued by the demo's pebble, and the NGINX gateway is deployed because
 * `nginx -t` finds its certificate.
 */
const repoRoot = path.resolve(import.meta.dirname, "../../..");
const ADDRESS = "127.0.0.90";
let dir: string;
let repo: string;
let demo: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-demo-ca-"));
  await chmod(dir, 0o755);
  demo = path.join(dir, "phoenix-demo");
  repo = path.join(dir, "repo");
  const ports = { acme: await findFreePort(ADDRESS), management: await findFreePort(ADDRESS), dns: await findFreePort(ADDRESS) };
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
  };
  await execa("bash", [path.join(repoRoot, "scripts/demo-ca.sh"), "start"], { env });
});

afterAll(async () => {
  await execa("bash", [path.join(repoRoot, "scripts/demo-ca.sh"), "stop"], { env, reject: false });
  await rm(dir, { recursive: true, force: true });
});

describe("the demo's certificates", () => {
  const port = new FakeSwarmPort();
  const sync = () => runSync({ tree: createDirectoryTree(repo), port, logger: createSilentLogger() }, { dryRun: false });

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

  it("issues nothing on the second run, as the demo's second run shows", async () => {
    const run = await sync();
    expect(run.plan && hasChanges(run.plan)).toBe(false);
    expect(run.certificates?.certificates).toEqual([]);
    expect(run.certificates?.trust).toEqual([{ holder: "host", outcome: "unchanged" }]);
  });
});
