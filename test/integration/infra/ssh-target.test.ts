import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { renderDnsmasqConfig } from "../../../src/infra/dns/render-dnsmasq-config.js";
import { applyDeployment } from "../../../src/infra/targets/apply-deployment.js";
import { reloadWithCommand } from "../../../src/infra/targets/daemon-steps.js";
import type { InfraDeployment } from "../../../src/infra/targets/deployment.js";
import { createShellTarget } from "../../../src/infra/targets/shell-target.js";
import { createSshTransport } from "../../../src/infra/targets/ssh-transport.js";
import type { Target } from "../../../src/infra/targets/target.js";
import { createDnsmasqValidator } from "../../../src/infra/targets/validators.js";
import { buildReferenceLikeState } from "../../unit/infra/desired-state-fixture.js";
import { findFreePort } from "./daemons.js";
import { hasSshd, startSshServer, type SshServer } from "./ssh-server.js";

const log = createSilentLogger();
let dir: string;
let sshd: SshServer;
let target: Target;

describe.skipIf(!hasSshd)("SSH target against a real sshd", () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "phoenix-ssh-"));
    sshd = await startSshServer(dir, await findFreePort("127.0.0.1"));
    target = createShellTarget(
      createSshTransport({ destination: `${sshd.user}@127.0.0.1`, port: sshd.port, identityFile: sshd.identityFile, sshOptions: sshd.sshOptions, controlPath: sshd.controlPath }),
    );
  });
  afterAll(async () => {
    await sshd?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("reads, writes atomically, links and removes over ssh and scp, with awkward names", async () => {
    const file = path.join(dir, "etc dir", "it's.conf");
    await target.writeFile(file, "a\n$HOME `x`\n", 0o640);
    expect(await readFile(file, "utf8")).toBe("a\n$HOME `x`\n");
    expect(await target.read(file)).toEqual({ type: "file", content: "a\n$HOME `x`\n" });
    await target.writeSymlink(path.join(dir, "link"), file);
    expect(await target.read(path.join(dir, "link"))).toEqual({ type: "symlink", linkTarget: file });
    await target.remove(path.join(dir, "link"));
    expect(await target.read(path.join(dir, "link"))).toEqual({ type: "missing" });
  });

  it("validates with dnsmasq on the remote side, refuses a broken file and restores after a failed reload", async () => {
    const out = renderDnsmasqConfig(buildReferenceLikeState(), { listenAddresses: ["127.0.0.78"], port: 15353, confDir: path.join(dir, "dnsmasq.d"), upstreamServers: [] });
    const mainPath = path.join(dir, "dnsmasq.conf");
    const recordsPath = path.join(dir, "dnsmasq.d", "00-phoenix-internal.conf");
    const reloads = path.join(dir, "reloads");
    const deployment = (records: string, reloadScript: string): InfraDeployment => ({
      output: "dns",
      target,
      files: [
        { kind: "file", path: mainPath, content: out.files[0]?.content ?? "", mode: 0o644 },
        { kind: "file", path: recordsPath, content: records, mode: 0o644 },
      ],
      validate: createDnsmasqValidator(),
      reload: reloadWithCommand(["sh", "-c", reloadScript, "sh", reloads]),
    });
    const good = out.files[1]?.content ?? "";
    expect(await applyDeployment(deployment(good, 'echo ok >> "$1"'), log)).toMatchObject({ status: "applied" });

    await expect(applyDeployment(deployment(good + "address=/x/not-an-ip\n", 'echo ok >> "$1"'), log)).rejects.toMatchObject({
      code: "INFRA_VALIDATION_FAILED",
      problems: [expect.stringContaining("dnsmasq --test")],
    });
    expect(await readFile(recordsPath, "utf8")).toBe(good);

    await writeFile(reloads, "");
    // The first reload fails (the new file is in place), the one after the restore succeeds.
    const failOnce = 'if [ -s "$1" ]; then echo ok >> "$1"; else echo first >> "$1"; exit 1; fi';
    const err = await applyDeployment(deployment(good + "address=/extra.internal.example.test/10.0.0.5\n", failOnce), log).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "INFRA_RELOAD_FAILED", restored: true });
    expect(await readFile(recordsPath, "utf8")).toBe(good);
    expect(await readFile(reloads, "utf8")).toBe("first\nok\n");
  });
});
