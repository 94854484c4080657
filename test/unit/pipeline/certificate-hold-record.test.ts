import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { runSync } from "../../../src/pipeline/run-sync.js";
import { readSyncRecord } from "../../../src/reconcile/sync-record-store.js";
import { createMemoryTree } from "../../../src/source/file-tree.js";
import { readExampleRepo } from "../impact/example-repo.js";
import { FakeSwarmPort } from "../swarm/fake-swarm-port.js";

/**
 * A failed CA readiness check holds back only the certificates. A sync whose
 * only steps are those certificates marks the sync record `running` before
 * it starts; it must not leave it so when it ends.
 */
const logger = createSilentLogger();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-cert-hold-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A loopback port nothing listens on: the CA's readiness check is refused there, and nothing leaves the machine. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address !== null ? address.port : 0;
}

it("finishes the sync record of a sync whose certificate steps were all held back", async () => {
  const files: Record<string, string> = { ...(await readExampleRepo()) };
  const lxc = JSON.parse(files["etc/phoenix_lxc_configs.json"] ?? "{}") as { lxc_configs: Record<string, { network_config: { ip: string }; traefik_service?: { port: number } }> };
  const ca = lxc.lxc_configs["103"];
  if (ca === undefined) throw new Error("the example has no CA guest");
  ca.network_config.ip = "127.0.0.1/8";
  ca.traefik_service = { ...ca.traefik_service, port: await closedPort() } as { port: number };
  files["etc/phoenix_lxc_configs.json"] = JSON.stringify(lxc, null, 4);
  files["etc/certificate-manifest.json"] = (files["etc/certificate-manifest.json"] ?? "").replaceAll("/var/lib/phoenix-demo", dir);
  const base = ["swarm: { resolveImage: never }", "wait: { timeoutSeconds: 10, monitorSeconds: 0 }", "infra:", "  targets:", ...["dns", "firewall", "traefik", "nginx"].map((t) => `    ${t}: { kind: none }`)];
  const port = new FakeSwarmPort();
  // The stacks first, without certificates: the second sync then has certificate steps only.
  files[".github/phoenix.yml"] = `${base.join("\n")}\n`;
  const first = await runSync({ tree: createMemoryTree(files), port, logger }, { dryRun: false });
  expect(first.ok).toBe(true);
  expect((await readSyncRecord(port, "phoenix"))?.record.result).toBe("success");

  files[".github/phoenix.yml"] = [...base, "readiness: { ca: true }", "certificates:", "  directoryUrl: https://127.0.0.1:9/dir", `  accountKey: ${dir}/account.key`, "  challenge: http-01", "  trustGuests: false", ""].join("\n");
  const held = await runSync({ tree: createMemoryTree(files), port, logger }, { dryRun: false });
  expect(held.hold?.certificates).toMatch(/^the CA \(103, Step-CA\) does not accept connections on 127\.0\.0\.1:\d+$/);
  expect(held.plan?.steps.map((s) => `${s.unit} ${s.action}`)).toEqual([
    "certificate/nginx.internal.example.test bootstrap",
    "certificate/traefik.internal.example.test bootstrap",
    "certificate/nginx.internal.example.test issue",
    "certificate/traefik.internal.example.test issue",
  ]);
  expect(held.certificates).toBeUndefined();
  expect((await readSyncRecord(port, "phoenix"))?.record.result).not.toBe("running");
});
