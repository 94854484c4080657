import { mkdtemp, readFile, rm } from "node:fs/promises";
import { Resolver } from "node:dns/promises";
import { createSocket, type Socket } from "node:dgram";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { collectDnsRecords } from "../../../src/infra/dns/collect-dns-records.js";
import { renderDnsmasqConfig, type DnsmasqRenderOptions } from "../../../src/infra/dns/render-dnsmasq-config.js";
import { applyDeployment } from "../../../src/infra/targets/apply-deployment.js";
import { probeDnsAnswers } from "../../../src/infra/targets/daemon-steps.js";
import type { InfraDeployment } from "../../../src/infra/targets/deployment.js";
import { createLocalTarget } from "../../../src/infra/targets/local-target.js";
import { createDnsmasqValidator } from "../../../src/infra/targets/validators.js";
import { buildReferenceLikeState } from "../../unit/infra/desired-state-fixture.js";
import { DnsmasqProcess, findFreePort } from "./daemons.js";

const LISTEN = "127.0.0.77";
const log = createSilentLogger();
let dir: string;
let port: number;
let server: string;
let daemon: DnsmasqProcess;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-dnsmasq-"));
  port = await findFreePort(LISTEN);
  server = `${LISTEN}:${port}`;
  daemon = new DnsmasqProcess(path.join(dir, "dnsmasq.conf"), server);
});
afterAll(async () => {
  await daemon.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The production renderer, pointed at loopback, a high port, a temp conf-dir and no upstream (no traffic leaves the machine). */
const loopback = (overrides: Partial<DnsmasqRenderOptions> = {}): DnsmasqRenderOptions => ({
  listenAddresses: [LISTEN],
  port,
  confDir: path.join(dir, "dnsmasq.d"),
  upstreamServers: [],
  ...overrides,
});

function deploymentFor(state = buildReferenceLikeState(), options = loopback(), transform: (s: string) => string = (s) => s): InfraDeployment {
  const out = renderDnsmasqConfig(state, options);
  const [main, records] = out.files;
  if (!main || !records) throw new Error("dnsmasq output missing");
  return {
    output: "dns",
    target: createLocalTarget(),
    files: [
      { kind: "file", path: path.join(dir, "dnsmasq.conf"), content: main.content, mode: 0o644 },
      { kind: "file", path: path.join(dir, "dnsmasq.d", "00-phoenix-internal.conf"), content: transform(records.content), mode: 0o644 },
    ],
    validate: createDnsmasqValidator(),
    // dnsmasq reads address= lines only at start: a reload is a restart, as on the host.
    reload: () => daemon.restart(`probe.${state.domain}`),
    probe: probeDnsAnswers(server, collectDnsRecords(state).records),
  };
}

const resolver = () => {
  const r = new Resolver({ timeout: 1000, tries: 2 });
  r.setServers([server]);
  return r;
};

describe("dnsmasq serving the rendered configuration", () => {
  it("answers every expected name with the expected address, subdomains included, and NXDOMAIN under the zone", async () => {
    const state = buildReferenceLikeState();
    expect(await applyDeployment(deploymentFor(state), log)).toMatchObject({ status: "applied" });
    const expected = collectDnsRecords(state).records;
    expect(expected.length).toBeGreaterThan(8);
    const r = resolver();
    for (const record of expected) expect({ name: record.hostname, answer: await r.resolve4(record.hostname) }).toEqual({ name: record.hostname, answer: [record.ip] });
    expect(await r.resolve4("api.qdrant.internal.example.test")).toEqual(["10.0.0.153"]);
    expect(await r.resolve4("PORTAINER.internal.example.test")).toEqual(["10.0.0.153"]);
    await expect(r.resolve4("nothing-here.internal.example.test")).rejects.toMatchObject({ code: "ENOTFOUND" });
  });

  it("refuses a broken render before writing it, and the running dnsmasq keeps answering", async () => {
    const recordsPath = path.join(dir, "dnsmasq.d", "00-phoenix-internal.conf");
    const before = await readFile(recordsPath, "utf8");
    const broken = deploymentFor(buildReferenceLikeState(), loopback(), (s) => s + "address=/broken.internal.example.test/dhcp\n");
    await expect(applyDeployment(broken, log)).rejects.toMatchObject({ code: "INFRA_VALIDATION_FAILED", problems: [expect.stringContaining("Bad address in --address")] });
    expect(await readFile(recordsPath, "utf8")).toBe(before);
    expect(await resolver().resolve4("qdrant.internal.example.test")).toEqual(["10.0.0.153"]);
  });

  it("restores the previous files and restarts on them when the new configuration cannot start", async () => {
    const state = buildReferenceLikeState({ dnsRecords: [{ hostname: "new.internal.example.test", ip: "10.0.0.250" }] });
    // Something else already holds the port of the new configuration: dnsmasq --test passes, the start fails.
    const busyPort = await findFreePort(LISTEN);
    const squatter: Socket = createSocket("udp4");
    await new Promise<void>((resolve) => squatter.bind(busyPort, LISTEN, resolve));
    try {
      const mainPath = path.join(dir, "dnsmasq.conf");
      const before = await readFile(mainPath, "utf8");
      const err = await applyDeployment(deploymentFor(state, loopback({ port: busyPort })), log).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "INFRA_RELOAD_FAILED", restored: true });
      expect((err as Error).message).toMatch(/Address (already )?in use/i);
      expect(await readFile(mainPath, "utf8")).toBe(before);
      const r = resolver();
      expect(await r.resolve4("qdrant.internal.example.test")).toEqual(["10.0.0.153"]);
      await expect(r.resolve4("new.internal.example.test")).rejects.toMatchObject({ code: "ENOTFOUND" });
    } finally {
      squatter.close();
    }
  });

  it("restores when the probe finds a wrong answer", async () => {
    const state = buildReferenceLikeState();
    const d = deploymentFor(state, loopback(), (s) => s.replace("address=/qdrant.internal.example.test/10.0.0.153", "address=/qdrant.internal.example.test/10.0.0.99"));
    const err = await applyDeployment(d, log).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "INFRA_PROBE_FAILED", restored: true });
    expect((err as Error).message).toContain("qdrant.internal.example.test: expected 10.0.0.153, got 10.0.0.99");
    expect(await resolver().resolve4("qdrant.internal.example.test")).toEqual(["10.0.0.153"]);
  });
});
