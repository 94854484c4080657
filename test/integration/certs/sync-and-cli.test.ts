import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryBackoffStore } from "../../../src/certs/issuance-backoff.js";
import { hasChanges } from "../../../src/plan/plan.js";
import { runPlan } from "../../../src/pipeline/run-plan.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { PlanJsonDocument } from "../../../src/report/plan-json-document.js";
import { renderPlanJson } from "../../../src/report/render-plan-json.js";
import { renderPlanMarkdown } from "../../../src/report/render-plan-markdown.js";
import { renderPlanText } from "../../../src/report/render-plan-text.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { runCli } from "../../helpers/run-cli.js";
import { createLocalShellTransport } from "../../unit/infra/local-shell-transport.js";
import { FakeSwarmPort } from "../../unit/swarm/fake-swarm-port.js";
import { startCertificateLab, type CertificateLab } from "./certificate-lab.js";
import { waitForServedCertificate } from "./served-certificate.js";

let lab: CertificateLab;
let stateDir: string;
const port = new FakeSwarmPort();
const transports = { lxc: () => createLocalShellTransport(), ssh: () => createLocalShellTransport() };
const backoff = createMemoryBackoffStore();

beforeAll(async () => {
  lab = await startCertificateLab({ name: "certs-sync", challenge: "dns-01", dnsAddress: "127.0.0.87", nginxAddress: "127.0.0.88" });
  // The DNS output goes to the lab dnsmasq's directory: its records file lands in the conf-dir the DNS-01 records share.
  // The served certificate is checked by this test itself: the rendered records point the names at the example's addresses.
  await lab.writeSettings({ verifyPort: 0 }, {});
  const settings = await readFile(path.join(lab.repo, ".github", "phoenix.yml"), "utf8");
  const withSwarm = { ...(JSON.parse(settings) as Record<string, unknown>), swarm: { resolveImage: "never" }, wait: { timeoutSeconds: 10, monitorSeconds: 0 } };
  await writeFile(path.join(lab.repo, ".github", "phoenix.yml"), JSON.stringify(withSwarm, null, 2));
  stateDir = await mkdtemp(path.join(tmpdir(), "phoenix-certs-state-"));
});
afterAll(async () => {
  await lab?.close();
  await rm(stateDir, { recursive: true, force: true });
});

const input = () => ({ tree: createDirectoryTree(lab.repo), port, logger: lab.logger, certificates: { backoff, transports } });

describe("certificates in plan and sync", () => {
  it("are planned with their status, ordered after DNS, and shown by every renderer", async () => {
    const run = await runPlan(input());
    expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const plan = run.plan;
    if (!plan) throw new Error("no plan");
    expect(plan.certificates?.map((c) => [c.commonName, c.status, c.action])).toEqual(lab.certificates.map((c) => [c.commonName, "wrong-issuer", "issue"]));
    const units = plan.steps.map((s) => s.unit);
    expect(units.indexOf(`certificate/${lab.certificates[0]?.commonName}`)).toBeGreaterThan(units.indexOf("infra/dns"));
    expect(units.indexOf(`certificate/${lab.certificates[0]?.commonName}`)).toBeLessThan(units.findIndex((u) => u.startsWith("stack/")));
    expect(renderPlanText(plan, { color: false })).toContain(`${lab.certificates[0]?.commonName} (host): wrong-issuer → issue; issued by CN=${lab.certificates[0]?.commonName}, O=Phoenix bootstrap placeholder, which does not chain`);
    expect(renderPlanMarkdown(plan)).toMatch(/\| `nginx\.internal\.example\.test` \| wrong-issuer \| issue \|/);
    const json = JSON.parse(renderPlanJson(plan)) as unknown;
    expect(PlanJsonDocument.safeParse(json).error).toBeUndefined();
    expect((json as { certificates: unknown[] }).certificates).toHaveLength(lab.certificates.length);
  });

  it("are issued by a sync with the rest of the config, and a second sync issues nothing", async () => {
    const run = await runSync(input(), { dryRun: false });
    expect(run.certificates?.certificates.map((r) => [r.commonName, r.outcome, r.error])).toEqual(lab.certificates.map((c) => [c.commonName, "issued", undefined]));
    expect(run.ok).toBe(true);
    for (const c of lab.certificates) {
      const leaf = new X509Certificate(await readFile(c.certPath, "utf8"));
      expect(await waitForServedCertificate({ host: lab.nginxAddress, port: lab.ports.https, servername: c.commonName, ca: lab.root }, leaf.fingerprint256)).toBe(leaf.fingerprint256);
    }
    const again = await runSync(input(), { dryRun: false });
    expect(again.plan && hasChanges(again.plan)).toBe(false);
    expect(again.plan?.steps.filter((s) => s.unit.startsWith("certificate/"))).toEqual([]);
    expect(again.certificates?.certificates).toEqual([]);
    expect(again.certificates?.trust.every((t) => t.outcome === "unchanged" || t.outcome === "skipped")).toBe(true);
  });
});

describe("phoenix certs", () => {
  it("lists every certificate as JSON with the documented fields, exit 0 when all are valid", async () => {
    process.env.PHOENIX_STATE_DIR = stateDir;
    const r = await runCli(["certs", "--dir", lab.repo, "--json"]);
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: "" });
    const listed = JSON.parse(r.stdout) as { certificates: Record<string, unknown>[] };
    expect(listed.certificates.map((c) => Object.keys(c).slice(0, 4))).toEqual(lab.certificates.map(() => ["commonName", "sans", "certPath", "keyPath"]));
    expect(listed.certificates[0]).toMatchObject({ commonName: lab.certificates[0]?.commonName, status: "valid", issuer: expect.stringMatching(/^CN=Pebble Intermediate CA/), notAfter: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it("exits 2 when a certificate is not valid, and renews one by name", async () => {
    const traefik = lab.certificates[1];
    if (!traefik) throw new Error("no certificate");
    await lab.writeManifest((entries) => entries.map((e, i) => (i === 1 ? { ...e, permissions: "600" } : e)));
    const listed = await runCli(["certs", "--dir", lab.repo]);
    expect(listed.exitCode).toBe(2);
    expect(listed.stdout).toMatch(/^STATUS\s+NAME\s+WHERE\s+NOT AFTER\s+REASON\n/);
    expect(listed.stdout).toMatch(new RegExp(`WRONG-MODE\\s+${traefik.commonName.replace(/\./g, "\\.")}\\s+host`));

    const before = new X509Certificate(await readFile(traefik.certPath, "utf8"));
    const renewed = await runCli(["certs", "renew", traefik.commonName, "--dir", lab.repo]);
    expect(renewed).toEqual({ exitCode: 0, stdout: expect.stringContaining(`certificate ${traefik.commonName} (host): issued`), stderr: "" });
    expect(new X509Certificate(await readFile(traefik.certPath, "utf8")).fingerprint256).not.toBe(before.fingerprint256);
    expect(((await stat(traefik.keyPath)).mode & 0o777).toString(8)).toBe("600");
    await lab.writeManifest();

    const unknown = await runCli(["certs", "renew", "nothing.example.test", "--dir", lab.repo]);
    expect(unknown).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('no certificate "nothing.example.test"') });
  });
});
