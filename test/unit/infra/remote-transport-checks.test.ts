import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InfraError } from "../../../src/errors.js";
import { createLxcTransport } from "../../../src/infra/targets/lxc-transport.js";
import { createShellTarget } from "../../../src/infra/targets/shell-target.js";
import { createSshTransport, type SshTransportOptions } from "../../../src/infra/targets/ssh-transport.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-ssh-argv-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Stand-ins for ssh and scp that record their argv (one argument per line)
 * and act locally: ssh runs its last argument with sh, scp copies its last
 * two (the destination without its `host:`).
 */
async function makeStandIns(): Promise<{ ssh: string; scp: string; calls: () => Promise<string[][]> }> {
  const log = path.join(dir, "calls.log");
  const ssh = path.join(dir, "ssh");
  const scp = path.join(dir, "scp");
  const record = `{ for a in "$@"; do printf '%s\\n' "$a"; done; printf '%s\\n' '----'; } >> ${log}`;
  await writeFile(ssh, ["#!/bin/sh", `printf '%s\\n' ssh >> ${log}`, record, 'for last; do :; done', 'exec sh -c "$last"', ""].join("\n"));
  await writeFile(scp, ["#!/bin/sh", `printf '%s\\n' scp >> ${log}`, record, 'eval "src=\\${$(($# - 1))}"', 'for last; do :; done', 'cp "$src" "${last#*]:}" 2>/dev/null || cp "$src" "${last#*:}"', ""].join("\n"));
  await chmod(ssh, 0o755);
  await chmod(scp, 0o755);
  const calls = async () =>
    (await readFile(log, "utf8"))
      .split("----\n")
      .filter((c) => c !== "")
      .map((c) => c.replace(/\n$/, "").split("\n"));
  return { ssh, scp, calls };
}

describe("createSshTransport", () => {
  it("puts BatchMode=yes first (ssh keeps the first value of an option), the -o options next, and ends options before the destination", async () => {
    const { ssh, scp, calls } = await makeStandIns();
    const target = createShellTarget(
      createSshTransport({ destination: "root@pve.example.test", port: 2222, identityFile: "/keys/pve", sshOptions: ["StrictHostKeyChecking=yes", "ConnectTimeout=5"], ssh, scp }),
    );
    await target.writeFile(path.join(dir, "etc", "a.conf"), "x\n", 0o644);
    expect(await readFile(path.join(dir, "etc", "a.conf"), "utf8")).toBe("x\n");
    const recorded = await calls();
    const common = ["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=5", "-i", "/keys/pve"];
    const sshCalls = recorded.filter((c) => c[0] === "ssh");
    const scpCalls = recorded.filter((c) => c[0] === "scp");
    expect(sshCalls.length).toBeGreaterThan(0);
    for (const call of sshCalls) expect(call.slice(1, 13)).toEqual([...common, "-p", "2222", "--", "root@pve.example.test"]);
    expect(scpCalls).toHaveLength(1);
    expect(scpCalls[0]?.slice(1, 13)).toEqual(["-q", ...common, "-P", "2222", "--"]);
    expect(scpCalls[0]?.at(-1)).toMatch(/^root@pve\.example\.test:\/.*\/etc\/\.a\.conf\.phoenix-[0-9a-f]{12}$/);
  });

  it("adds a code-only ControlMaster socket after BatchMode", async () => {
    const { ssh, scp, calls } = await makeStandIns();
    const transport = createSshTransport({ destination: "pve", controlPath: path.join(dir, "cm-%C"), ssh, scp });
    await transport.exec(["true"]);
    expect((await calls())[0]?.slice(1, 9)).toEqual(["-o", "BatchMode=yes", "-o", "ControlMaster=auto", "-o", `ControlPath=${path.join(dir, "cm-%C")}`, "-o", "ControlPersist=30"]);
  });

  it("brackets an IPv6 host for scp, which reads host:path", async () => {
    const { ssh, scp, calls } = await makeStandIns();
    const transport = createSshTransport({ destination: "root@fd00::10", ssh, scp });
    await writeFile(path.join(dir, "local"), "x");
    await transport.push(path.join(dir, "local"), path.join(dir, "remote"), 0o644);
    expect((await calls())[0]?.at(-1)).toBe(`root@[fd00::10]:${path.join(dir, "remote")}`);
  });

  it.each<[string, Partial<SshTransportOptions>, string]>([
    ["a host that is an option", { destination: "-oProxyCommand=touch /tmp/x" }, 'host "-oProxyCommand=touch /tmp/x" must not start with -'],
    ["a user that is an option", { destination: "-oProxyCommand=x@pve" }, 'user "-oProxyCommand=x" must not start with -'],
    ["whitespace in the destination", { destination: "root@pve -oProxyCommand=x" }, 'host "pve -oProxyCommand=x" must be a host name'],
    ["a newline in the destination", { destination: "pve\n" }, "must be a host name"],
    ["ProxyCommand", { destination: "pve", sshOptions: ["ProxyCommand=touch /tmp/x"] }, 'ssh option "ProxyCommand=touch /tmp/x": ProxyCommand is not an allowed ssh option (it runs a local command)'],
    ["BatchMode=no", { destination: "pve", sshOptions: ["BatchMode=no"] }, "BatchMode must be yes"],
    ["an identity file with ~", { destination: "pve", identityFile: "~/.ssh/id_ed25519" }, 'identityFile "~/.ssh/id_ed25519" must be an absolute path'],
    ["a port out of range", { destination: "pve", port: 70000 }, "port 70000 must be from 1 to 65535"],
  ])("refuses %s with a typed error and runs nothing", async (_, options, message) => {
    const { ssh, scp } = await makeStandIns();
    let error: unknown;
    try {
      createSshTransport({ destination: "pve", ...options, ssh, scp });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InfraError);
    expect(error).toMatchObject({ code: "INFRA_SSH_OPTIONS_INVALID", stage: "apply", message: expect.stringContaining(message) });
    await expect(readFile(path.join(dir, "calls.log"), "utf8")).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("createLxcTransport", () => {
  it.each(["-x", "99", "1000000000", "101 ", "0101"])("refuses CTID %j, which is no Proxmox guest id, with a typed error", (ctid) => {
    expect(() => createLxcTransport({ ctid, pct: path.join(dir, "pct") })).toThrow(expect.objectContaining({ code: "INFRA_LXC_OPTIONS_INVALID", stage: "apply" }));
  });
});
