import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runRender } from "../../../src/cli/actions/render.js";
import { createLocalTarget } from "../../../src/infra/targets/local-target.js";
import { createDnsmasqValidator, createNginxValidator } from "../../../src/infra/targets/validators.js";
import { makeTestPki } from "./test-pki.js";
import { REFERENCE_CONFIG, REFERENCE_CONFIG_LABEL, hasReferenceConfig, referenceConfigSkipNote } from "../../helpers/reference-config.js";

const repoRoot = path.resolve(fileURLToPath(import.meta.url), "../../../..");

/** Configs rendered and checked with the real tools; the reference config only where it is checked out beside the repo. */
const CONFIGS = [
  { label: `${REFERENCE_CONFIG_LABEL}${referenceConfigSkipNote}`, dir: REFERENCE_CONFIG, skip: !hasReferenceConfig, gateway: "nginx.internal.thinkheads.ai", guestFirewall: "firewall/1002.fw" },
  { label: "test/fixtures/config-repos/large-example", dir: path.join(repoRoot, "test/fixtures/config-repos/large-example"), skip: false, gateway: "nginx.corp.harbor.test", guestFirewall: "firewall/1202.fw" },
];

function captureStdout(): { text: () => string } {
  let text = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  return { text: () => text };
}

for (const { label, dir, skip, gateway, guestFirewall } of CONFIGS) describe(`phoenix render --dir ${label}`, () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), "phoenix-render-"));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it.skipIf(skip)("writes every output and prints a JSON summary", async () => {
    await writeFile(path.join(out, "stale"), "kept: not an output directory");
    const stdout = captureStdout();
    const code = await runRender({ dir, out, json: true });
    vi.restoreAllMocks();
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.text()) as { rendered: boolean; files: { path: string }[] };
    expect(summary.rendered).toBe(true);
    const paths = summary.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "dnsmasq/dnsmasq.conf",
        "dnsmasq/dnsmasq.d/00-phoenix-internal.conf",
        "firewall/cluster.fw",
        guestFirewall,
        "traefik/dynamic_conf.yml",
        "nginx/sites-available/gateway",
      ]),
    );
    expect((await readdir(out)).sort()).toEqual([".phoenix-render.json", "dnsmasq", "firewall", "nginx", "stale", "traefik"]);
  });

  it.skipIf(skip)("produces a dnsmasq configuration that dnsmasq --test accepts", async () => {
    const files = ["dnsmasq.conf", "dnsmasq.d/00-phoenix-internal.conf"];
    const desired = await Promise.all(
      files.map(async (f) => ({ kind: "file" as const, path: `/etc/${f}`, content: await readFile(path.join(out, "dnsmasq", f), "utf8"), mode: 0o644 })),
    );
    expect(await createDnsmasqValidator()(createLocalTarget(), desired)).toEqual([]);
  });

  it.skipIf(skip)("produces a gateway site that nginx -t accepts once its certificate exists", async () => {
    const site = await readFile(path.join(out, "nginx/sites-available/gateway"), "utf8");
    const certDir = await mkdtemp(path.join(tmpdir(), "phoenix-render-pki-"));
    try {
      const pki = await makeTestPki(certDir, [gateway]);
      // The certificate lives in the gateway container (/etc/nginx/ssl); point only those two lines at a test one.
      const local = site
        .replace(/ssl_certificate \S+;/, `ssl_certificate ${pki.leafCert};`)
        .replace(/ssl_certificate_key \S+;/, `ssl_certificate_key ${pki.leafKey};`);
      expect(local).not.toBe(site);
      expect(await createNginxValidator()(createLocalTarget(), [{ kind: "file", path: "/etc/nginx/sites-available/gateway", content: local, mode: 0o644 }])).toEqual([]);
    } finally {
      await rm(certDir, { recursive: true, force: true });
    }
  });
});

describe("phoenix render on an invalid config", () => {
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it("exits 1 with the formatted diagnostics on an invalid config and writes nothing", async () => {
    const bad = await mkdtemp(path.join(tmpdir(), "phoenix-render-bad-"));
    const badOut = path.join(bad, "out");
    try {
      await mkdir(path.join(bad, "etc"));
      await writeFile(path.join(bad, "etc", "phoenix_hypervisor_config.json"), '{ "domain_name": 42, }');
      let stderr = "";
      vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
        stderr += String(chunk);
        return true;
      });
      const code = await runRender({ dir: bad, out: badOut });
      vi.restoreAllMocks();
      expect(code).toBe(1);
      expect(stderr).toMatch(/etc\/phoenix_hypervisor_config\.json:\d+:\d+ error/);
      await expect(readdir(badOut)).rejects.toMatchObject({ code: "ENOENT" });
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });
});
