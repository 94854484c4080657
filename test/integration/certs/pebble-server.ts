import { spawn, type ChildProcess } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { request } from "node:https";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";
import { findFreePort } from "../infra/daemons.js";

/**
 * A real ACME server for the tests: Debian's pebble on 127.0.0.1 with ports
 * of its own, challenges really validated (PEBBLE_VA_ALWAYS_VALID=0) against
 * the test's own DNS server (`-dnsserver`) and HTTP port, without pebble's
 * random sleeps. Its issuing root changes at every start and is read from
 * its management endpoint; its listener has a TLS pair made here, which is
 * what a client must trust for the directory (not the issuing root).
 */
export interface PebbleServer {
  readonly directoryUrl: string;
  /** `https://127.0.0.1:PORT`: the ACME listener, for a proxy to forward to. */
  readonly origin: string;
  readonly managementUrl: string;
  /** PEM file the directory's own TLS is trusted with, and its text. */
  readonly tlsTrustFile: string;
  readonly tlsTrustPem: string;
  /** The listener's key and certificate (valid for 127.0.0.1), for a proxy in front of pebble. */
  readonly tlsKeyFile: string;
  /** Pebble's current issuing root, from the management endpoint. */
  readRoot(): Promise<string>;
  /** Everything pebble printed, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface PebbleOptions {
  /** A directory for the config and the listener's TLS pair. */
  readonly dir: string;
  /** `address:port` of the DNS server pebble resolves challenge names with. */
  readonly dnsServer: string;
  /** Port pebble's HTTP-01 validation connects to on each name's address. */
  readonly httpPort: number;
  /** Lifetime of issued certificates, seconds (pebble's default is five years). */
  readonly validitySeconds?: number;
  /** Percentage of valid authorizations pebble reuses in new orders (default 0: every order is challenged). */
  readonly authzReuse?: number;
}

const HOST = "127.0.0.1";

export async function startPebble(options: PebbleOptions): Promise<PebbleServer> {
  const tlsKeyFile = path.join(options.dir, "pebble-tls.key");
  const tlsTrustFile = path.join(options.dir, "pebble-tls.crt");
  await execa("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", tlsKeyFile, "-out", tlsTrustFile, "-days", "1", "-subj", "/CN=pebble listener", "-addext", `subjectAltName=IP:${HOST}`]);
  const tlsTrustPem = await readFile(tlsTrustFile, "utf8");
  const listen = await findFreePort(HOST);
  const management = await findFreePort(HOST);
  const tlsPort = await findFreePort(HOST);
  const config = path.join(options.dir, "pebble-config.json");
  await writeFile(
    config,
    JSON.stringify({
      pebble: {
        listenAddress: `${HOST}:${listen}`,
        managementListenAddress: `${HOST}:${management}`,
        certificate: tlsTrustFile,
        privateKey: tlsKeyFile,
        httpPort: options.httpPort,
        tlsPort,
        ocspResponderURL: "",
        externalAccountBindingRequired: false,
        certificateValidityPeriod: options.validitySeconds ?? 7 * 86_400,
      },
    }),
  );
  let output = "";
  const child: ChildProcess = spawn("pebble", ["-config", config, "-dnsserver", options.dnsServer], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PEBBLE_VA_NOSLEEP: "1", PEBBLE_VA_ALWAYS_VALID: "0", PEBBLE_AUTHZREUSE: String(options.authzReuse ?? 0) },
  });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const origin = `https://${HOST}:${listen}`;
  const managementUrl = `https://${HOST}:${management}`;
  const get = (url: string) => getText(url, tlsTrustPem);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([gone, sleep(3000).then(() => child.kill("SIGKILL"))]);
    await gone;
  };
  // Pebble makes its root and intermediate keys before it listens: a few seconds.
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`pebble exited ${child.exitCode}: ${output}`);
    const up = await get(`${origin}/dir`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (up) {
      return { directoryUrl: `${origin}/dir`, origin, managementUrl, tlsTrustFile, tlsTrustPem, tlsKeyFile, readRoot: async () => (await get(`${managementUrl}/roots/0`)).body, log: () => output, stop };
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`pebble did not answer on ${origin}: ${output}`);
}

/** A GET that trusts only `ca`. */
export function getText(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.setTimeout(5000, () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end();
  });
}
