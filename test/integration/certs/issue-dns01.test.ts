import { X509Certificate } from "node:crypto";
import { readFile, readdir, stat } from "node:fs/promises";
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

beforeAll(async () => {
  lab = await startCertificateLab({ name: "certs-dns01", challenge: "dns-01", dnsAddress: "127.0.0.81", nginxAddress: "127.0.0.82" });
});
afterAll(async () => {
  await lab?.close();
});

// The example's trusted_ca containers are reached through a stand-in for pct that runs on this machine (their trust store is the lab's too).
const transports = { lxc: () => createLocalShellTransport(), ssh: () => createLocalShellTransport() };
const input = (now?: Date) => ({ tree: createDirectoryTree(lab.repo), logger: lab.logger, backoff, transports, ...(now ? { now: () => now } : {}) });
const served = (name: string) => readServedCertificate({ host: lab.nginxAddress, port: lab.ports.https, servername: name, ca: lab.root });
const newOrders = () => lab.proxy.seen.filter((r) => r.startsWith("POST") && r.includes("order-plz")).length;

describe("certificates issued by pebble through DNS-01 in the test's dnsmasq", () => {
  it("plans every certificate of the bundled example: bootstrap placeholders do not chain to pebble's root", async () => {
    const run = await runCertificates(input());
    expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(run.certificates.map((c) => [c.commonName, c.status, c.action])).toEqual(lab.certificates.map((c) => [c.commonName, "wrong-issuer", "issue"]));
  });

  it("issues, installs with owner and mode, reloads nginx and sees each new certificate served, verified against pebble's root only", async () => {
    const run = await renewDueCertificates(input());
    expect(run.result?.certificates.map((r) => [r.commonName, r.outcome, r.error])).toEqual(lab.certificates.map((c) => [c.commonName, "issued", undefined]));
    expect(run.result?.trust.map((t) => [t.holder, t.outcome])).toEqual([
      ["host", "installed"],
      ["lxc 101", "unchanged"],
      ["lxc 102", "unchanged"],
      ["vm 1001", "skipped"],
      ["vm 1002", "skipped"],
    ]);
    expect(run.ok).toBe(true);
    for (const c of lab.certificates) {
      const chain = await readFile(c.certPath, "utf8");
      const leaf = new X509Certificate(chain);
      expect(leaf.subjectAltName?.split(", ").sort()).toEqual(c.names.map((n) => `DNS:${n}`).sort());
      expect(chain.match(/BEGIN CERTIFICATE/g)?.length).toBeGreaterThanOrEqual(2);
      expect(leaf.checkPrivateKey((await import("node:crypto")).createPrivateKey(await readFile(c.keyPath, "utf8")))).toBe(true);
      for (const file of [c.certPath, c.keyPath]) {
        const s = await stat(file);
        expect({ file, mode: (s.mode & 0o777).toString(8), gid: s.gid }).toEqual({ file, mode: "640", gid: 33 });
      }
      const result = run.result?.certificates.find((r) => r.commonName === c.commonName);
      expect((await served(c.commonName)).fingerprint256.replace(/:/g, "").toLowerCase()).toBe(result?.fingerprint);
      expect(result?.previous?.certPath).toBe(`${c.certPath}.previous`);
    }
    // The challenge records are gone again.
    expect(await readdir(path.join(lab.dns.dir, "dnsmasq.d"))).toEqual([]);
  });

  it("installs pebble's root into the host's trust store with the real update-ca-certificates", async () => {
    const run = await renewDueCertificates(input());
    expect(run.result?.trust.map((t) => [t.holder, t.outcome])).toContainEqual(["host", "unchanged"]);
    const bundle = await readFile(path.join(lab.trustStore.bundle, "ca-certificates.crt"), "utf8");
    expect(bundle).toContain(lab.root.trim().split("\n")[1]);
  });

  it("issues nothing on a second run: every certificate is valid", async () => {
    const before = newOrders();
    const run = await renewDueCertificates(input());
    expect(run.result?.certificates.map((r) => r.outcome)).toEqual(lab.certificates.map(() => "unchanged"));
    expect(run.certificates.every((c) => c.status === "valid")).toBe(true);
    expect(newOrders()).toBe(before);
  });

  it("renews and reloads a certificate inside its renewal window (the last third of its lifetime)", async () => {
    const gateway = lab.certificates[0];
    if (!gateway) throw new Error("no certificate");
    const leaf = new X509Certificate(await readFile(gateway.certPath, "utf8"));
    const inWindow = new Date(new Date(leaf.validTo).getTime() - 3600_000);
    const planned = await runCertificates(input(inWindow));
    expect(planned.certificates.map((c) => c.status)).toEqual(lab.certificates.map(() => "due"));
    const run = await renewDueCertificates(input(inWindow));
    expect(run.result?.certificates.map((r) => [r.outcome, r.error])).toEqual(lab.certificates.map(() => ["issued", undefined]));
    const renewed = new X509Certificate(await readFile(gateway.certPath, "utf8"));
    expect(renewed.fingerprint256).not.toBe(leaf.fingerprint256);
    expect((await served(gateway.commonName)).fingerprint256).toBe(renewed.fingerprint256);
    // The pair it replaced is kept beside it, restorable.
    expect(new X509Certificate(await readFile(`${gateway.certPath}.previous`, "utf8")).fingerprint256).toBe(leaf.fingerprint256);
  });

  it("plans a changed SAN list, which names it adds, and reissues it", async () => {
    await lab.writeManifest((entries) => entries.map((e, i) => (i === 1 ? { ...e, sans: ["traefik.internal.example.test", "traefik-dashboard.internal.example.test"] } : e)));
    const planned = await runCertificates(input());
    const traefik = planned.certificates[1];
    expect(traefik).toMatchObject({ status: "sans-differ", namesAdded: ["traefik-dashboard.internal.example.test"], namesRemoved: [], action: "issue" });
    const run = await renewDueCertificates(input());
    expect(run.result?.certificates.map((r) => r.outcome)).toEqual(["unchanged", "issued"]);
    const leaf = new X509Certificate(await readFile(lab.certificates[1]?.certPath ?? "", "utf8"));
    expect(leaf.subjectAltName).toContain("DNS:traefik-dashboard.internal.example.test");
    await lab.writeManifest();
  });

  it("never writes a private key into a log line or a result", async () => {
    const keys = await Promise.all(lab.certificates.flatMap((c) => [readFile(c.keyPath, "utf8"), readFile(`${c.keyPath}.previous`, "utf8")]));
    const account = await readFile(path.join(lab.dir, "acme", "account.key"), "utf8");
    const run = await renewDueCertificates(input());
    const text = [...lab.logs, JSON.stringify(run.certificates), JSON.stringify(run.result)].join("\n");
    expect(lab.logs.length).toBeGreaterThan(5);
    for (const pem of [...keys, account]) for (const line of pem.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"))) expect(text).not.toContain(line);
  });
});
