import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCaRoot } from "../../../src/certs/ca-root.js";
import { createMemoryBackoffStore } from "../../../src/certs/issuance-backoff.js";
import { renewDueCertificates } from "../../../src/pipeline/run-certificates.js";
import { CertificateSettings } from "../../../src/settings/certificate-settings.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { findFreePort } from "../infra/daemons.js";
import { createLocalShellTransport } from "../../unit/infra/local-shell-transport.js";
import { startCertificateLab, type CertificateLab } from "./certificate-lab.js";
import { rateLimitNewOrders } from "./fault-proxy.js";

let lab: CertificateLab;
const transports = { lxc: () => createLocalShellTransport(), ssh: () => createLocalShellTransport() };

beforeAll(async () => {
  lab = await startCertificateLab({ name: "certs-failures", challenge: "dns-01", dnsAddress: "127.0.0.85", nginxAddress: "127.0.0.86" });
});
afterAll(async () => {
  await lab?.close();
});

const input = (backoff = createMemoryBackoffStore()) => ({ tree: createDirectoryTree(lab.repo), logger: lab.logger, backoff, transports });
const contents = () => Promise.all(lab.certificates.flatMap((c) => [readFile(c.certPath, "utf8"), readFile(c.keyPath, "utf8")]));

describe("a certificate that cannot be issued fails alone, with its reason, and nothing partial is written", () => {
  it("reports an unreachable CA for every certificate and leaves the files alone", async () => {
    const before = await contents();
    await lab.writeSettings({ directoryUrl: `https://127.0.0.1:${await findFreePort("127.0.0.1")}/dir` });
    const run = await renewDueCertificates(input());
    expect(run.result?.certificates.map((r) => [r.outcome, r.code, r.installed])).toEqual(lab.certificates.map(() => ["failed", "CERT_CA_UNREACHABLE", false]));
    expect(run.result?.certificates[0]?.error).toMatch(/^cannot reach the ACME directory https:\/\/127\.0\.0\.1:\d+\/dir: .*ECONNREFUSED/);
    expect(await contents()).toEqual(before);
    await lab.writeSettings();
  });

  it("backs a rate-limited certificate off by the CA's Retry-After while the others are issued, and renews it when forced", async () => {
    const before = await contents();
    let limited = 0;
    const limit = rateLimitNewOrders(7200);
    lab.proxy.setFault((req) => (limited === 0 && limit(req) !== undefined ? (limited++, limit(req)) : undefined));
    const backoff = createMemoryBackoffStore();
    const run = await renewDueCertificates(input(backoff));
    lab.proxy.setFault(() => undefined);
    const [first, second] = run.result?.certificates ?? [];
    expect(first).toMatchObject({ outcome: "failed", code: "CERT_RATE_LIMITED", installed: false });
    expect(first?.error).toContain("too many new orders recently");
    expect(new Date(first?.retryAfter ?? 0).getTime()).toBeGreaterThan(Date.now() + 7100_000);
    expect(second).toMatchObject({ outcome: "issued" });
    const after = await contents();
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after.slice(2)).not.toEqual(before.slice(2));

    const orders = () => lab.proxy.seen.filter((r) => r.includes("order-plz")).length;
    const ordered = orders();
    const again = await renewDueCertificates(input(backoff));
    expect(again.result?.certificates[0]).toMatchObject({ outcome: "skipped", retryAfter: first?.retryAfter });
    expect(orders()).toBe(ordered);
    const forced = await renewDueCertificates({ ...input(backoff), force: [lab.certificates[0]?.commonName ?? ""] });
    expect(forced.result?.certificates.map((r) => r.outcome)).toEqual(["issued", "unchanged"]);
  });

  it("keeps the new pair and the previous one when the renewal command fails, and says so", async () => {
    await lab.writeManifest((entries) => entries.map((e, i) => (i === 0 ? { ...e, post_renewal_command: "echo reload refused >&2; exit 3" } : e)));
    const run = await renewDueCertificates({ ...input(), force: [lab.certificates[0]?.commonName ?? ""], only: [lab.certificates[0]?.commonName ?? ""] });
    expect(run.result?.certificates[0]).toMatchObject({ outcome: "failed", code: "CERT_RELOAD_FAILED", installed: true, error: expect.stringContaining("reload refused") });
    expect(run.result?.certificates[0]?.previous?.certPath).toBe(`${lab.certificates[0]?.certPath}.previous`);
    await lab.writeManifest();
  });

  it("fails the served-certificate check when the service does not serve the new one (nginx was not reloaded)", async () => {
    await lab.writeManifest((entries) => entries.map((e, i) => (i === 0 ? { ...e, post_renewal_command: "true" } : e)));
    const run = await renewDueCertificates({ ...input(), force: [lab.certificates[0]?.commonName ?? ""], only: [lab.certificates[0]?.commonName ?? ""] });
    expect(run.result?.certificates[0]).toMatchObject({ outcome: "failed", code: "CERT_VERIFY_FAILED", installed: true, error: expect.stringMatching(/serves the certificate with SHA-256 [0-9a-f]{64}, not the new one/) });
    await lab.writeManifest();
    await lab.nginx.reload();
  });

  it("takes a fetched CA root only with the pinned fingerprint: never on first use", async () => {
    const url = `${lab.pebble.managementUrl}/roots/0`;
    const pin = createHash("sha256").update(Buffer.from(lab.root.replace(/-----[^-]+-----|\s/g, ""), "base64")).digest("hex");
    const settings = (sha256: string) => CertificateSettings.parse({ directoryUrl: lab.proxy.directoryUrl, directoryTrust: lab.pebble.tlsTrustFile, accountKey: "/nonexistent/key", caRoot: { url, sha256 } });
    expect((await loadCaRoot(settings(pin)))?.fingerprint).toBe(pin);
    await expect(loadCaRoot(settings("00".repeat(32)))).rejects.toMatchObject({ code: "CERT_CA_ROOT_FINGERPRINT_MISMATCH", message: expect.stringContaining(`has SHA-256 ${pin}, not the pinned`) });

    await lab.writeSettings({ caRoot: { url, sha256: "00".repeat(32) } });
    const trustBefore = await readFile(`${lab.trustStore.local}/phoenix-ca-root.crt`, "utf8").catch(() => "none");
    const run = await renewDueCertificates(input());
    expect(run.diagnostics).toContainEqual(expect.objectContaining({ severity: "warning", code: "CERT_CA_ROOT_UNAVAILABLE", path: "certificates.caRoot" }));
    expect(run.result?.trust).toEqual([]);
    expect(await readFile(`${lab.trustStore.local}/phoenix-ca-root.crt`, "utf8").catch(() => "none")).toBe(trustBefore);
    await lab.writeSettings();
  });
});
