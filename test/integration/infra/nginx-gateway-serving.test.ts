import { chmod, mkdir, mkdtemp, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InfraError } from "../../../src/errors.js";
import { createSilentLogger } from "../../../src/logger.js";
import { renderNginxGateway, type NginxRenderOptions } from "../../../src/infra/nginx/render-nginx-gateway.js";
import { applyDeployment } from "../../../src/infra/targets/apply-deployment.js";
import type { InfraDeployment } from "../../../src/infra/targets/deployment.js";
import { createLocalTarget } from "../../../src/infra/targets/local-target.js";
import { createNginxValidator } from "../../../src/infra/targets/validators.js";
import { buildReferenceLikeState } from "../../unit/infra/desired-state-fixture.js";
import { NginxProcess, findFreePort } from "./daemons.js";
import { fetchFrom, upgradeAndEcho } from "./https-client.js";
import { makeTestPki, type TestPki } from "./test-pki.js";
import { startTraefikStandIn } from "./traefik-stand-in.js";

const log = createSilentLogger();
const DOMAIN = "internal.example.test";
let dir: string;
let pki: TestPki;
let ports: { http: number; https: number; traefik: number; dead: number };
let nginx: NginxProcess;
let traefik: Awaited<ReturnType<typeof startTraefikStandIn>>;
let ca: string;

const sitePath = () => path.join(dir, "sites-available", "gateway");

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-nginx-"));
  // nginx workers drop to an unprivileged user when started as root; they must reach the temp paths.
  await chmod(dir, 0o755);
  pki = await makeTestPki(dir, [`nginx.${DOMAIN}`, `*.${DOMAIN}`]);
  ca = await readFile(pki.caCert, "utf8");
  ports = { http: await findFreePort("127.0.0.1"), https: await findFreePort("127.0.0.1"), traefik: await findFreePort("127.0.0.1"), dead: await findFreePort("127.0.0.1") };
  traefik = await startTraefikStandIn("127.0.0.1", ports.traefik);
  await mkdir(path.join(dir, "sites-enabled"), { recursive: true });
  await mkdir(path.join(dir, "logs"), { recursive: true });
  // The distribution's placeholder site, which shadowed the bash gateway on port 80.
  await writeFile(
    path.join(dir, "sites-enabled", "default"),
    `server {\n    listen 127.0.0.1:${ports.http} default_server;\n    location / { return 200 "Nginx is running\\n"; }\n}\n`,
  );
  await writeFile(
    path.join(dir, "nginx.conf"),
    [
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/logs/error.log;`,
      "events { worker_connections 64; }",
      "http {",
      `    access_log ${dir}/logs/access.log;`,
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `    ${t}_temp_path ${dir}/${t};`),
      `    include ${dir}/sites-enabled/*;`,
      "}",
      "",
    ].join("\n"),
  );
  nginx = new NginxProcess(path.join(dir, "nginx.conf"), `${dir}/`);
  await nginx.start();
});

afterAll(async () => {
  await nginx?.stop();
  await traefik?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The production renderer on loopback ports, the test certificate and the stand-in Traefik. */
function deploymentFor(options: Partial<NginxRenderOptions> = {}): InfraDeployment {
  const out = renderNginxGateway(buildReferenceLikeState(), {
    httpListen: `127.0.0.1:${ports.http}`,
    httpsListen: `127.0.0.1:${ports.https}`,
    proxyUrl: `http://127.0.0.1:${ports.traefik}`,
    certificate: { certPath: pki.leafCert, keyPath: pki.leafKey },
    ...options,
  });
  const site = out.files[0];
  if (!site) throw new Error("no gateway site rendered");
  return {
    output: "nginx",
    target: createLocalTarget(),
    files: [
      { kind: "file", path: sitePath(), content: site.content, mode: 0o644 },
      { kind: "symlink", path: path.join(dir, "sites-enabled", "gateway"), linkTarget: sitePath() },
      { kind: "absent", path: path.join(dir, "sites-enabled", "default") },
    ],
    validate: createNginxValidator(),
    reload: () => nginx.reload(),
    probe: async () => {
      const r = await fetchFrom({ scheme: "https", port: ports.https, host: `portainer.${DOMAIN}`, path: "/api/status", ca });
      if (r.status !== 200 || r.headers["x-upstream"] !== "traefik-stand-in") throw new InfraError("verify", "INFRA_PROBE_FAILED", `gateway answered ${r.status}`);
    },
  };
}

describe("nginx serving the rendered gateway", () => {
  it("replaces the placeholder site, which answered port 80 before", async () => {
    const before = await fetchFrom({ scheme: "http", port: ports.http, host: `qdrant.${DOMAIN}`, path: "/" });
    expect(before).toMatchObject({ status: 200, body: "Nginx is running\n" });
    expect(await applyDeployment(deploymentFor(), log)).toMatchObject({ status: "applied" });
    expect(await readlink(path.join(dir, "sites-enabled", "gateway"))).toBe(sitePath());
  });

  it("redirects plain HTTP to HTTPS for every host", async () => {
    const r = await fetchFrom({ scheme: "http", port: ports.http, host: `qdrant.${DOMAIN}`, path: "/collections?x=1" });
    expect(r.status).toBe(301);
    expect(r.headers.location).toBe(`https://qdrant.${DOMAIN}/collections?x=1`);
  });

  it("passes ACME http-01 challenges through to Traefik", async () => {
    const r = await fetchFrom({ scheme: "http", port: ports.http, host: `portainer.${DOMAIN}`, path: "/.well-known/acme-challenge/test-token" });
    expect(r).toMatchObject({ status: 200, body: "test-token.key-authorization" });
    expect(traefik.seen.at(-1)?.headers.host).toBe(`portainer.${DOMAIN}`);
  });

  it("terminates TLS with the configured certificate and proxies with the forwarding headers", async () => {
    const r = await fetchFrom({ scheme: "https", port: ports.https, host: `qdrant.${DOMAIN}`, path: "/collections", ca });
    expect(r.status).toBe(200);
    const echoed = JSON.parse(r.body) as { url: string; headers: Record<string, string> };
    expect(echoed.url).toBe("/collections");
    expect(echoed.headers).toMatchObject({
      host: `qdrant.${DOMAIN}`,
      "x-forwarded-proto": "https",
      "x-forwarded-for": "127.0.0.1",
      "x-real-ip": "127.0.0.1",
      "x-forwarded-host": `qdrant.${DOMAIN}`,
      connection: "close",
    });
  });

  it("carries a WebSocket upgrade through to Traefik", async () => {
    const ws = await upgradeAndEcho({ port: ports.https, host: `portainer.${DOMAIN}`, ca, message: "console input" });
    expect(ws.head).toMatch(/^HTTP\/1\.1 101 /);
    expect(ws.echoed).toBe("console input");
    expect(traefik.seen.at(-1)?.headers).toMatchObject({ upgrade: "websocket", connection: "upgrade" });
  });

  it("refuses a render nginx -t rejects, and the running gateway keeps serving", async () => {
    const before = await readFile(sitePath(), "utf8");
    const broken = deploymentFor({ certificate: { certPath: path.join(dir, "missing.crt"), keyPath: pki.leafKey } });
    const err = await applyDeployment(broken, log).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "INFRA_VALIDATION_FAILED", problems: [expect.stringContaining("missing.crt")] });
    expect(await readFile(sitePath(), "utf8")).toBe(before);
    expect((await fetchFrom({ scheme: "https", port: ports.https, host: `qdrant.${DOMAIN}`, path: "/", ca })).status).toBe(200);
  });

  it("restores the previous site and reloads it when the new one fails its probe", async () => {
    const before = await readFile(sitePath(), "utf8");
    const err = await applyDeployment(deploymentFor({ proxyUrl: `http://127.0.0.1:${ports.dead}` }), log).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "INFRA_PROBE_FAILED", restored: true });
    expect((err as Error).message).toContain("gateway answered 502");
    expect(await readFile(sitePath(), "utf8")).toBe(before);
    const r = await fetchFrom({ scheme: "https", port: ports.https, host: `qdrant.${DOMAIN}`, path: "/", ca });
    expect(r.headers["x-upstream"]).toBe("traefik-stand-in");
  });
});
