import { X509Certificate } from "node:crypto";
import { mkdir, readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryBackoffStore } from "../../../src/certs/issuance-backoff.js";
import { renewDueCertificates, runCertificates } from "../../../src/pipeline/run-certificates.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { createLocalShellTransport } from "../../unit/infra/local-shell-transport.js";
import { startCertificateLab, type CertificateLab } from "./certificate-lab.js";
import { readServedCertificate } from "./served-certificate.js";

let lab: CertificateLab;
const backoff = createMemoryBackoffStore();
const transports = { lxc: () => createLocalShellTransport(), ssh: () => createLocalShellTransport() };

beforeAll(async () => {
  lab = await startCertificateLab({ name: "certs-http01", challenge: "http-01", dnsAddress: "127.0.0.83", nginxAddress: "127.0.0.84" });
});
afterAll(async () => {
  await lab?.close();
});

const input = () => ({ tree: createDirectoryTree(lab.repo), logger: lab.logger, backoff, transports });
const accessLog = () => readFile(path.join(lab.dir, "nginx", "logs", "access.log"), "utf8").catch(() => "");

describe("certificates issued by pebble through HTTP-01 on the gateway's ACME path", () => {
  it("issues every certificate of the bundled example, pebble fetching each token from the rendered gateway site", async () => {
    const run = await renewDueCertificates(input());
    expect(run.result?.certificates.map((r) => [r.commonName, r.outcome, r.error])).toEqual(lab.certificates.map((c) => [c.commonName, "issued", undefined]));
    const challenges = (await accessLog()).split("\n").filter((l) => l.includes("GET /.well-known/acme-challenge/") && l.includes('" 200 '));
    // One validation per name of every certificate: pebble checked each over HTTP, answered 200 by the gateway.
    expect(challenges.length).toBeGreaterThanOrEqual(lab.certificates.reduce((n, c) => n + c.names.length, 0));
    for (const c of lab.certificates) {
      const leaf = new X509Certificate(await readFile(c.certPath, "utf8"));
      const served = await readServedCertificate({ host: lab.nginxAddress, port: lab.ports.https, servername: c.commonName, ca: lab.root });
      expect(served.fingerprint256).toBe(leaf.fingerprint256);
    }
    // The tokens are gone from the webroot.
    expect(await readdir(path.join(lab.dir, "acme-webroot", ".well-known", "acme-challenge"))).toEqual([]);
  });

  it("refuses a wildcard at its manifest entry: a CA checks wildcards over DNS-01 only", async () => {
    await lab.writeManifest((entries) => entries.map((e, i) => (i === 0 ? { ...e, sans: ["nginx.internal.example.test", "*.apps.internal.example.test"] } : e)));
    const run = await runCertificates(input());
    expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([
      expect.objectContaining({ code: "CERT_MANIFEST_INVALID", file: "etc/certificate-manifest.json", path: "[0].sans", message: expect.stringContaining("*.apps.internal.example.test is a wildcard") }),
    ]);
    expect(run.certificates).toEqual([]);
    await lab.writeManifest();
  });

  it("reports a failed challenge with the CA's own detail, writes nothing and backs the certificate off", async () => {
    const gateway = lab.certificates[0];
    if (!gateway) throw new Error("no certificate");
    const before = await readFile(gateway.certPath, "utf8");
    // Tokens now go where the gateway does not serve them from: pebble's check fails.
    const elsewhere = path.join(lab.dir, "not-served");
    await mkdir(elsewhere, { recursive: true });
    await lab.writeSettings({ http01Webroot: elsewhere });
    const run = await renewDueCertificates({ ...input(), force: [gateway.commonName], only: [gateway.commonName] });
    const result = run.result?.certificates[0];
    expect(result).toMatchObject({ commonName: gateway.commonName, outcome: "failed", code: "CERT_CHALLENGE_FAILED", installed: false });
    // Pebble's own words: the gateway passed the unknown token on to (a dead) Traefik.
    expect(result?.error).toMatch(/^the http-01 challenge for [a-z-]+\.internal\.example\.test failed: Non-200 status code from HTTP: .* returned 502$/);
    expect(new Date(result?.retryAfter ?? 0).getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(await readFile(gateway.certPath, "utf8")).toBe(before);
    expect(run.ok).toBe(false);
    await lab.writeSettings();
  });
});
