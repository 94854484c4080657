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
import { findFreePort } from "../infra/daemons.js";
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
  await writeSyncSettings();
  stateDir = await mkdtemp(path.join(tmpdir(), "phoenix-certs-state-"));
});
afterAll(async () => {
  await lab?.close();
  await rm(stateDir, { recursive: true, force: true });
});

/** The lab's settings with `certificates` over them, for a sync against the in-memory swarm. */
async function writeSyncSettings(certificates: Record<string, unknown> = {}): Promise<void> {
  await lab.writeSettings({ verifyPort: 0, ...certificates }, {});
  const settings = await readFile(path.join(lab.repo, ".github", "phoenix.yml"), "utf8");
  const withSwarm = { ...(JSON.parse(settings) as Record<string, unknown>), swarm: { resolveImage: "never" }, wait: { timeoutSeconds: 10, monitorSeconds: 0 } };
  await writeFile(path.join(lab.repo, ".github", "phoenix.yml"), JSON.stringify(withSwarm, null, 2));
}

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

describe("a certificate that fails in a sync", () => {
  const gatewaySans = ["nginx.internal.example.test", "app.internal.example.test", "status.internal.example.test"];
  const editManifest = () =>
    lab.writeManifest((entries) => entries.map((e, i) => (i === 0 ? { ...e, sans: gatewaySans } : { ...e, permissions: "600" })));

  it("fails alone: nothing of it is written, the other certificate is fixed and the stacks are deployed", async () => {
    const gateway = lab.certificates[0];
    const traefik = lab.certificates[1];
    if (!gateway || !traefik) throw new Error("no certificate");
    const before = await Promise.all([readFile(gateway.certPath, "utf8"), readFile(gateway.keyPath, "utf8")]);
    await writeSyncSettings({ directoryUrl: `https://127.0.0.1:${await findFreePort("127.0.0.1")}/dir` });
    await editManifest();
    const manifest = path.join(lab.repo, "stacks", "web_app", "phoenix.json");
    await writeFile(manifest, (await readFile(manifest, "utf8")).replace('"value": "info"', '"value": "debug"'));

    const planned = await runPlan(input());
    expect(planned.plan?.certificates?.map((c) => [c.commonName, c.status, c.action, c.namesRemoved])).toEqual([
      [gateway.commonName, "sans-differ", "issue", ["api-staging.internal.example.test", "portainer.internal.example.test"]],
      [traefik.commonName, "wrong-mode", "fix-permissions", undefined],
    ]);
    const run = await runSync(input(), { dryRun: false });
    expect(run.certificates?.certificates.map((r) => [r.commonName, r.outcome, r.code, r.installed])).toEqual([
      [gateway.commonName, "failed", "CERT_CA_UNREACHABLE", false],
      [traefik.commonName, "fixed", undefined, false],
    ]);
    expect(run.results.map((r) => [r.namespace, r.outcome])).toContainEqual(["web_app", "applied"]);
    expect(run.ok).toBe(false);
    expect(await Promise.all([readFile(gateway.certPath, "utf8"), readFile(gateway.keyPath, "utf8")])).toEqual(before);
    expect(((await stat(traefik.keyPath)).mode & 0o777).toString(8)).toBe("600");
  });

  it("backs off, then is reissued with the changed SAN list once its backoff is over", async () => {
    const gateway = lab.certificates[0];
    if (!gateway) throw new Error("no certificate");
    await writeSyncSettings();
    const waiting = await runSync(input(), { dryRun: false });
    expect(waiting.certificates?.certificates.map((r) => [r.commonName, r.outcome])).toEqual([[gateway.commonName, "skipped"]]);
    const retryAfter = new Date(waiting.certificates?.certificates[0]?.retryAfter ?? 0);
    expect(retryAfter.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const later = new Date(retryAfter.getTime() + 60_000);
    const run = await runSync({ ...input(), certificates: { backoff, transports, now: () => later } }, { dryRun: false });
    expect(run.certificates?.certificates.map((r) => [r.commonName, r.outcome, r.error])).toEqual([[gateway.commonName, "issued", undefined]]);
    const leaf = new X509Certificate(await readFile(gateway.certPath, "utf8"));
    expect(leaf.subjectAltName?.split(", ").sort()).toEqual(gatewaySans.map((n) => `DNS:${n}`).sort());
    expect(run.ok).toBe(true);
    // The manifest as it was: the names come back, and the traefik certificate's mode.
    await lab.writeManifest();
    const restored = await runSync({ ...input(), certificates: { backoff, transports, now: () => later } }, { dryRun: false });
    expect(restored.certificates?.certificates.map((r) => [r.commonName, r.outcome, r.error])).toEqual([
      [gateway.commonName, "issued", undefined],
      [lab.certificates[1]?.commonName, "fixed", undefined],
    ]);
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

describe("a sync inside the renewal window", () => {
  it("renews every certificate that is due, reloads nginx and serves the new ones; the plan says why", async () => {
    const gateway = lab.certificates[0];
    if (!gateway) throw new Error("no certificate");
    const leaf = new X509Certificate(await readFile(gateway.certPath, "utf8"));
    const inWindow = new Date(new Date(leaf.validTo).getTime() - 3600_000);
    const at = { ...input(), certificates: { backoff, transports, now: () => inWindow } };
    const planned = await runPlan(at);
    expect(planned.plan?.certificates?.map((c) => [c.commonName, c.status, c.action])).toEqual(lab.certificates.map((c) => [c.commonName, "due", "issue"]));
    const run = await runSync(at, { dryRun: false });
    expect(run.certificates?.certificates.map((r) => [r.commonName, r.outcome, r.error])).toEqual(lab.certificates.map((c) => [c.commonName, "issued", undefined]));
    for (const c of lab.certificates) {
      const renewed = new X509Certificate(await readFile(c.certPath, "utf8"));
      expect(await waitForServedCertificate({ host: lab.nginxAddress, port: lab.ports.https, servername: c.commonName, ca: lab.root }, renewed.fingerprint256)).toBe(renewed.fingerprint256);
    }
    expect(new X509Certificate(await readFile(gateway.certPath, "utf8")).fingerprint256).not.toBe(leaf.fingerprint256);
  });
});
