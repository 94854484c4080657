import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { probeWithCommand, reloadWithCommand } from "../../../src/infra/targets/daemon-steps.js";
import { createLocalTarget } from "../../../src/infra/targets/local-target.js";
import { createFirewallValidator, createTraefikValidator } from "../../../src/infra/targets/validators.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-steps-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const target = createLocalTarget();
/** Appends a line per call and succeeds from the `n`-th call on. */
const countingScript = (n: number) => `echo x >> "$1"; [ "$(wc -l < "$1")" -ge ${n} ]`;

describe("reload and probe steps", () => {
  it("fails a reload on a non-zero exit with the command's output", async () => {
    await expect(reloadWithCommand(["sh", "-c", "echo 'unit not found' >&2; exit 5"])(target)).rejects.toMatchObject({
      code: "INFRA_RELOAD_FAILED",
      message: expect.stringContaining("exited 5: unit not found"),
    });
    await expect(reloadWithCommand(["true"])(target)).resolves.toBeUndefined();
  });

  it("retries a probe until it passes, and gives up after the last attempt", async () => {
    const calls = path.join(dir, "calls");
    await probeWithCommand(target, ["sh", "-c", countingScript(3), "sh", calls], { attempts: 5, intervalMs: 10 })();
    expect((await readFile(calls, "utf8")).split("\n").filter(Boolean)).toHaveLength(3);
    const never = path.join(dir, "never");
    await expect(probeWithCommand(target, ["sh", "-c", countingScript(99), "sh", never], { attempts: 2, intervalMs: 10 })()).rejects.toMatchObject({
      code: "INFRA_PROBE_FAILED",
      stage: "verify",
    });
    expect((await readFile(never, "utf8")).split("\n").filter(Boolean)).toHaveLength(2);
  });
});

describe("daemon-free validators", () => {
  it("checks firewall files by their name (cluster or guest) and Traefik files by schema", async () => {
    const firewall = createFirewallValidator();
    const rule = "[OPTIONS]\nenable: 1\n\n[RULES]\nIN ACCEPT -i eth1 -p tcp -dport 80\n";
    expect(await firewall(target, [{ kind: "file", path: "/etc/pve/firewall/cluster.fw", content: rule, mode: 0o640 }])).toEqual([]);
    expect(await firewall(target, [{ kind: "file", path: "/etc/pve/firewall/101.fw", content: rule, mode: 0o640 }])).toEqual([
      '/etc/pve/firewall/101.fw: line 5: interface "eth1" in a guest file must be netN: pve-firewall skips the rule',
    ]);
    const traefik = createTraefikValidator();
    expect(await traefik(target, [{ kind: "file", path: "/etc/traefik/dynamic/dynamic_conf.yml", content: "http:\n  routers: {}\n", mode: 0o644 }])).toEqual([]);
    expect((await traefik(target, [{ kind: "file", path: "/d.yml", content: "http:\n  routers: [\n", mode: 0o644 }]))[0]).toMatch(/^\/d\.yml: YAML: /);
  });
});
