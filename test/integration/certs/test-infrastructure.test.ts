import { chmod, mkdtemp, rm } from "node:fs/promises";
import { Resolver } from "node:dns/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort } from "../infra/daemons.js";
import { rateLimitNewOrders, startFaultProxy, type FaultProxy } from "./fault-proxy.js";
import { getText, startPebble, type PebbleServer } from "./pebble-server.js";
import { startTestDnsmasq, type TestDnsmasq } from "./test-dnsmasq.js";

// The pieces every certificate test stands on, checked on their own so that a broken helper is not read as a Phoenix bug.
let dir: string;
let dns: TestDnsmasq;
let pebble: PebbleServer;
let proxy: FaultProxy;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-certs-infra-"));
  await chmod(dir, 0o755);
  const address = "127.0.0.71";
  dns = await startTestDnsmasq({ dir: path.join(dir, "dns"), address, port: await findFreePort(address), domain: "internal.example.test", records: [{ name: "nginx.internal.example.test", ip: "127.0.0.72" }] });
  pebble = await startPebble({ dir, dnsServer: dns.server, httpPort: await findFreePort("127.0.0.72") });
  proxy = await startFaultProxy({ pebbleOrigin: pebble.origin, tlsKeyFile: pebble.tlsKeyFile, tlsCertFile: pebble.tlsTrustFile, ca: pebble.tlsTrustPem });
});

afterAll(async () => {
  await proxy?.close();
  await pebble?.stop();
  await dns?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("the certificate test infrastructure", () => {
  it("runs pebble on loopback, trusted through its own listener certificate, with an issuing root of its own", async () => {
    expect(pebble.directoryUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/dir$/);
    const directory = JSON.parse((await getText(pebble.directoryUrl, pebble.tlsTrustPem)).body) as Record<string, string>;
    expect(directory.newOrder).toContain(pebble.origin);
    const root = await pebble.readRoot();
    expect(root).toContain("BEGIN CERTIFICATE");
    expect(root).not.toBe(pebble.tlsTrustPem);
    // The directory is not trusted through the issuing root: the two trusts are separate.
    await expect(getText(pebble.directoryUrl, root)).rejects.toThrow();
  });

  it("restarts dnsmasq with its command and serves the records of its conf-dir afterwards", async () => {
    const { writeFile } = await import("node:fs/promises");
    const { execa } = await import("execa");
    await writeFile(path.join(dns.dir, "dnsmasq.d", "50-test.conf"), 'txt-record=_acme-challenge.nginx.internal.example.test,"token-1"\n');
    await execa(dns.restartCommand[0] as string, dns.restartCommand.slice(1));
    const resolver = new Resolver({ timeout: 1000, tries: 2 });
    resolver.setServers([dns.server]);
    expect(await resolver.resolveTxt("_acme-challenge.nginx.internal.example.test")).toEqual([["token-1"]]);
    expect(await resolver.resolve4("nginx.internal.example.test")).toEqual(["127.0.0.72"]);
  });

  it("forwards through the fault proxy with pebble's URLs pointing back at it, and limits new orders when told to", async () => {
    const directory = JSON.parse((await getText(proxy.directoryUrl, pebble.tlsTrustPem)).body) as Record<string, string>;
    expect(directory.newOrder).toContain(new URL(proxy.directoryUrl).origin);
    proxy.setFault(rateLimitNewOrders(120));
    const limited = await new Promise<{ status: number; retryAfter: string | undefined; body: string }>((resolve, reject) => {
      import("node:https").then(({ request }) => {
        const req = request(directory.newOrder as string, { method: "POST", ca: pebble.tlsTrustPem, agent: false }, (res) => {
          let body = "";
          res.on("data", (d: Buffer) => (body += d.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] as string | undefined, body }));
        });
        req.on("error", reject);
        req.end("{}");
      }, reject);
    });
    expect(limited).toMatchObject({ status: 429, retryAfter: "120" });
    expect(JSON.parse(limited.body)).toMatchObject({ type: "urn:ietf:params:acme:error:rateLimited" });
    proxy.setFault(() => undefined);
  });
});
