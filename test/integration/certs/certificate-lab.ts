import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import { makePlaceholderPair } from "../../../src/certs/bootstrap-certificate.js";
import { renderNginxGateway } from "../../../src/infra/nginx/render-nginx-gateway.js";
import { loadConfigRepo } from "../../../src/pipeline/load-config-repo.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { findFreePort, NginxProcess } from "../infra/daemons.js";
import { startFaultProxy, type FaultProxy } from "./fault-proxy.js";
import { startPebble, type PebbleServer } from "./pebble-server.js";
import { startTestDnsmasq, type TestDnsmasq } from "./test-dnsmasq.js";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
export const DOMAIN = "internal.example.test";

/** The bundled example's certificates, by the names the lab serves them under. */
export interface LabCertificate {
  readonly commonName: string;
  readonly names: readonly string[];
  readonly certPath: string;
  readonly keyPath: string;
}

/**
 * Everything a certificate test runs against, on loopback only: a dnsmasq
 * that resolves every name of the bundled example to the lab's nginx
 * address and holds the DNS-01 records, pebble resolving through it, the
 * fault proxy in front of pebble, and a real nginx serving each certificate
 * by its name. `repo` is the bundled example with its manifest pointed at
 * the lab's directories and its settings at the lab's daemons.
 */
export interface CertificateLab {
  readonly dir: string;
  readonly repo: string;
  readonly dns: TestDnsmasq;
  readonly pebble: PebbleServer;
  readonly proxy: FaultProxy;
  readonly nginx: NginxProcess;
  readonly nginxAddress: string;
  readonly ports: { readonly http: number; readonly https: number };
  readonly certificates: readonly LabCertificate[];
  /** Pebble's issuing root, also written to `rootFile` (the settings' caRoot). */
  readonly root: string;
  readonly rootFile: string;
  /** The trust store directories update-ca-certificates is pointed at. */
  readonly trustStore: { readonly local: string; readonly bundle: string };
  /** Every log line the runs wrote, to check that no key material reaches a log. */
  readonly logs: string[];
  readonly logger: Logger;
  /** Rewrites `.github/phoenix.yml` with these `certificates:` keys over the lab's. */
  writeSettings(certificates?: Record<string, unknown>, targets?: Record<string, unknown>): Promise<void>;
  writeManifest(transform?: (entries: Record<string, unknown>[]) => Record<string, unknown>[]): Promise<void>;
  close(): Promise<void>;
}

export async function startCertificateLab(options: { name: string; challenge: "dns-01" | "http-01"; dnsAddress: string; nginxAddress: string }): Promise<CertificateLab> {
  const dir = await mkdtemp(path.join(tmpdir(), `phoenix-${options.name}-`));
  // nginx's workers drop to an unprivileged user: they read the ACME webroot under here.
  await chmod(dir, 0o755);
  const repo = path.join(dir, "repo");
  await cp(path.join(repoRoot, "etc"), path.join(repo, "etc"), { recursive: true });
  await cp(path.join(repoRoot, "stacks"), path.join(repo, "stacks"), { recursive: true });
  const example = JSON.parse(await readFile(path.join(repoRoot, "etc", "certificate-manifest.json"), "utf8")) as { common_name: string; sans?: string[] }[];
  const certificates = example.map((e): LabCertificate => {
    const names = [...new Set([e.common_name, ...(e.sans ?? [])])];
    return { commonName: e.common_name, names, certPath: path.join(dir, "host", "ssl", `${e.common_name}.crt`), keyPath: path.join(dir, "host", "ssl", `${e.common_name}.key`) };
  });
  const names = certificates.flatMap((c) => c.names);

  const dns = await startTestDnsmasq({ dir: path.join(dir, "dns"), address: options.dnsAddress, port: await findFreePort(options.dnsAddress), domain: DOMAIN, records: names.map((name) => ({ name, ip: options.nginxAddress })) });
  const ports = { http: await findFreePort(options.nginxAddress), https: await findFreePort(options.nginxAddress) };
  const pebble = await startPebble({ dir, dnsServer: dns.server, httpPort: ports.http });
  const proxy = await startFaultProxy({ pebbleOrigin: pebble.origin, tlsKeyFile: pebble.tlsKeyFile, tlsCertFile: pebble.tlsTrustFile, ca: pebble.tlsTrustPem });
  const root = await pebble.readRoot();
  const rootFile = path.join(dir, "pebble-root.pem");
  await writeFile(rootFile, root);

  // The gateway's first pair: Phoenix's own bootstrap placeholder, so nginx starts before any issuance.
  await mkdir(path.join(dir, "host", "ssl"), { recursive: true });
  for (const c of certificates) {
    const pair = await makePlaceholderPair(c.names, "ecdsa-p256");
    await writeFile(c.keyPath, pair.keyPem, { mode: 0o600 });
    await writeFile(c.certPath, pair.chainPem, { mode: 0o644 });
  }
  const webroot = path.join(dir, "acme-webroot");
  await mkdir(path.join(dir, "nginx", "logs"), { recursive: true });
  await mkdir(path.join(dir, "nginx", "sites-enabled"), { recursive: true });
  // The production gateway site, on the lab's address: its HTTP server is the ACME path pebble's HTTP-01 checks reach.
  const { state } = await loadConfigRepo(createDirectoryTree(repo));
  if (state === undefined) throw new Error("the bundled example does not load");
  const gateway = certificates[0] as LabCertificate;
  const site = renderNginxGateway(state, {
    httpListen: `${options.nginxAddress}:${ports.http}`,
    httpsListen: `${options.nginxAddress}:${await findFreePort(options.nginxAddress)}`,
    proxyUrl: `http://127.0.0.1:${await findFreePort("127.0.0.1")}`,
    certificate: { certPath: gateway.certPath, keyPath: gateway.keyPath },
    acmeWebroot: webroot,
  }).files[0];
  if (site === undefined) throw new Error("no gateway site rendered");
  await writeFile(path.join(dir, "nginx", "sites-enabled", "gateway"), site.content);
  await writeFile(path.join(dir, "nginx", "nginx.conf"), renderLabNginx(dir, options.nginxAddress, ports, certificates));
  const nginx = new NginxProcess(path.join(dir, "nginx", "nginx.conf"), `${path.join(dir, "nginx")}/`);
  await nginx.start();

  const trustStore = { local: path.join(dir, "trust", "local"), bundle: path.join(dir, "trust", "etc-ssl-certs") };
  for (const d of [trustStore.local, trustStore.bundle, path.join(dir, "trust", "share"), path.join(dir, "trust", "hooks")]) await mkdir(d, { recursive: true });
  await writeFile(path.join(dir, "trust", "ca-certificates.conf"), "");

  const logs: string[] = [];
  const logger = pino({ level: "debug" }, new Writable({ write: (chunk: Buffer, _enc, done) => (logs.push(chunk.toString()), done()) }));

  const lab: CertificateLab = {
    dir,
    repo,
    dns,
    pebble,
    proxy,
    nginx,
    nginxAddress: options.nginxAddress,
    ports,
    certificates,
    root,
    rootFile,
    trustStore,
    logs,
    logger,
    async writeSettings(extra = {}, targets = {}) {
      const certificatesSettings = {
        directoryUrl: proxy.directoryUrl,
        directoryTrust: pebble.tlsTrustFile,
        accountKey: path.join(dir, "acme", "account.key"),
        challenge: options.challenge,
        dnsNameserver: dns.server,
        http01Webroot: webroot,
        verifyPort: ports.https,
        caRoot: { file: rootFile },
        trustStoreDir: trustStore.local,
        trustStoreUpdate: [
          "update-ca-certificates",
          "--certsconf",
          path.join(dir, "trust", "ca-certificates.conf"),
          "--certsdir",
          path.join(dir, "trust", "share"),
          "--localcertsdir",
          trustStore.local,
          "--etccertsdir",
          trustStore.bundle,
          "--hooksdir",
          path.join(dir, "trust", "hooks"),
        ],
        ...extra,
      };
      const settings = {
        infra: {
          targets: {
            dns: { kind: "local", path: dns.dir, reload: dns.restartCommand },
            firewall: { kind: "none" },
            traefik: { kind: "none" },
            nginx: { kind: "local", path: path.join(dir, "nginx") },
            ...targets,
          },
        },
        certificates: certificatesSettings,
      };
      await mkdir(path.join(repo, ".github"), { recursive: true });
      // JSON is YAML: the settings file is written exactly as the settings loader will read it.
      await writeFile(path.join(repo, ".github", "phoenix.yml"), JSON.stringify(settings, null, 2) + "\n");
    },
    async writeManifest(transform = (entries) => entries) {
      const entries = certificates.map((c, i) => ({
        common_name: c.commonName,
        ...(example[i]?.sans ? { sans: example[i]?.sans } : {}),
        cert_path: c.certPath,
        key_path: c.keyPath,
        owner: "root:www-data",
        permissions: "640",
        post_renewal_command: `nginx -s reload -c ${path.join(dir, "nginx", "nginx.conf")} -p ${path.join(dir, "nginx")}/`,
      }));
      await writeFile(path.join(repo, "etc", "certificate-manifest.json"), JSON.stringify(transform(entries), null, 2) + "\n");
    },
    async close() {
      await nginx.stop();
      await proxy.close();
      await pebble.stop();
      await dns.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await lab.writeSettings();
  await lab.writeManifest();
  return lab;
}

/** The rendered gateway site, and one TLS server per certificate on the check port, chosen by SNI. */
function renderLabNginx(dir: string, address: string, ports: { http: number; https: number }, certificates: readonly LabCertificate[]): string {
  const n = path.join(dir, "nginx");
  return [
    `pid ${n}/nginx.pid;`,
    `error_log ${n}/logs/error.log;`,
    "events { worker_connections 64; }",
    "http {",
    `    access_log ${n}/logs/access.log;`,
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `    ${t}_temp_path ${n}/${t};`),
    `    include ${n}/sites-enabled/*;`,
    ...certificates.flatMap((c) => [
      "    server {",
      `        listen ${address}:${ports.https} ssl;`,
      `        server_name ${c.names.join(" ")};`,
      `        ssl_certificate ${c.certPath};`,
      `        ssl_certificate_key ${c.keyPath};`,
      `        return 200 "${c.commonName}\\n";`,
      "    }",
    ]),
    "}",
    "",
  ].join("\n");
}
