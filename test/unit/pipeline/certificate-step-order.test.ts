import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { runPlan } from "../../../src/pipeline/run-plan.js";
import { toPlanJsonDocument } from "../../../src/report/render-plan-json.js";
import { createMemoryTree } from "../../../src/source/file-tree.js";
import { readExampleRepo } from "../impact/example-repo.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";

/**
 * Where the certificate steps of the bundled example land in the one apply
 * order (src/pipeline/order-plan-steps.ts): DNS-01 after DNS and the
 * firewall, before the gateway that loads the certificate; HTTP-01 around
 * the gateway that answers the CA, a missing pair bootstrapped before it.
 * Nothing is issued: the plan reads the (empty) targets only.
 */
const logger = createSilentLogger();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-cert-order-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The example with every output and certificate moved to the temp dir, nothing written yet. */
async function planExample(challenge: "dns-01" | "http-01", edit: (files: Record<string, string>) => void = () => {}) {
  const files: Record<string, string> = { ...(await readExampleRepo()) };
  const manifest = files["etc/certificate-manifest.json"] ?? "";
  files["etc/certificate-manifest.json"] = manifest.replaceAll("/var/lib/phoenix-demo", dir);
  files["etc/phoenix_lxc_configs.json"] = (files["etc/phoenix_lxc_configs.json"] ?? "").replaceAll("/var/lib/phoenix-demo", dir);
  files[".github/phoenix.yml"] = [
    "swarm: { resolveImage: never }",
    "infra:",
    "  targets:",
    `    dns: { kind: local, path: ${dir}/dns, reload: "true" }`,
    `    firewall: { kind: local, path: ${dir}/firewall, reload: "true" }`,
    `    traefik: { kind: local, path: ${dir}/traefik, reload: "true" }`,
    `    nginx: { kind: local, path: ${dir}/nginx, reload: "true" }`,
    "certificates:",
    "  directoryUrl: https://127.0.0.1:9/dir",
    `  accountKey: ${dir}/acme/account.key`,
    `  challenge: ${challenge}`,
    `  dnsNameserver: "127.0.0.1:9"`,
    "  trustGuests: false",
    "",
  ].join("\n");
  edit(files);
  const run = await runPlan({ tree: createMemoryTree(files), port: new FakeSwarmPort(), logger });
  expect(run.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  if (run.plan === undefined) throw new Error("no plan");
  return run.plan;
}

const NGINX = "certificate/nginx.internal.example.test";
const TRAEFIK = "certificate/traefik.internal.example.test";

describe("certificate steps in the apply order", () => {
  it("DNS-01: issues every missing certificate after DNS and the firewall, before the gateway and the stacks", async () => {
    const plan = await planExample("dns-01");
    const units = plan.steps.map((s) => `${s.unit} ${s.action}`);
    const at = (unit: string) => units.indexOf(unit);
    expect(units.filter((u) => u.startsWith("certificate/"))).toEqual([`${NGINX} issue`, `${TRAEFIK} issue`]);
    expect(at(`${NGINX} issue`)).toBeGreaterThan(at("infra/dns apply"));
    expect(at(`${NGINX} issue`)).toBeGreaterThan(at("infra/firewall apply"));
    expect(at(`${TRAEFIK} issue`)).toBeLessThan(at("infra/nginx apply"));
    expect(at(`${TRAEFIK} issue`)).toBeLessThan(units.findIndex((u) => u.startsWith("stack/")));
    expect(plan.certificates?.map((c) => [c.commonName, c.status, c.action])).toEqual([
      ["nginx.internal.example.test", "missing", "issue"],
      ["traefik.internal.example.test", "missing", "issue"],
    ]);
  });

  it("HTTP-01: bootstraps a missing pair before the gateway (so `nginx -t` passes) and issues after it", async () => {
    const plan = await planExample("http-01");
    const units = plan.steps.map((s) => `${s.unit} ${s.action}`);
    const gateway = units.indexOf("infra/nginx apply");
    expect(gateway).toBeGreaterThan(units.indexOf("infra/dns apply"));
    expect(units.slice(gateway - 2, gateway + 3)).toEqual([`${NGINX} bootstrap`, `${TRAEFIK} bootstrap`, "infra/nginx apply", `${NGINX} issue`, `${TRAEFIK} issue`]);
  });

  it("HTTP-01 without a gateway step: the certificate steps still get their place, at the end", async () => {
    const plan = await planExample("http-01", (files) => {
      files[".github/phoenix.yml"] = (files[".github/phoenix.yml"] ?? "").replace(/nginx: \{[^}]*\}/, "nginx: { kind: none }");
    });
    const units = plan.steps.map((s) => s.unit);
    expect(units).not.toContain("infra/nginx");
    expect(units.slice(-4)).toEqual([NGINX, TRAEFIK, NGINX, TRAEFIK]);
    expect(plan.steps.slice(-4).map((s) => s.action)).toEqual(["bootstrap", "bootstrap", "issue", "issue"]);
  });

  it("shows the steps and the certificates in plan --json, without key material", async () => {
    const plan = await planExample("dns-01");
    const json = toPlanJsonDocument(plan);
    expect(json.steps).toContainEqual({ unit: NGINX, action: "issue" });
    expect(json.certificates?.map((c) => [c.commonName, c.status, c.action, c.certPath])).toEqual([
      ["nginx.internal.example.test", "missing", "issue", `${dir}/lxc-persistent-data/101/ssl/nginx.internal.example.test.crt`],
      ["traefik.internal.example.test", "missing", "issue", `${dir}/lxc-persistent-data/102/certs/traefik.internal.example.test.crt`],
    ]);
    expect(JSON.stringify(json)).not.toMatch(/PRIVATE KEY/);
  });
});
