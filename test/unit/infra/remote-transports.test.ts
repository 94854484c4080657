import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLxcTransport } from "../../../src/infra/targets/lxc-transport.js";
import { createShellTarget } from "../../../src/infra/targets/shell-target.js";
import { quoteShellArg, quoteShellCommand } from "../../../src/infra/targets/shell-quote.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "phoenix-pct-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * A stand-in for Proxmox's `pct` with the same argument shapes
 * (`pct exec CTID -- cmd…`, `pct push CTID SRC DST --perms MODE`) whose
 * "container" is this machine; it logs every call.
 */
async function makePct(): Promise<{ pct: string; log: string }> {
  const pct = path.join(dir, "pct");
  const log = path.join(dir, "pct.log");
  await writeFile(
    pct,
    [
      "#!/bin/sh",
      `printf '%s\\n' "$*" >> ${log}`,
      'cmd=$1; ctid=$2; shift 2',
      '[ "$ctid" = 101 ] || { echo "CT $ctid does not exist" >&2; exit 2; }',
      'case $cmd in',
      '  exec) [ "$1" = "--" ] || exit 2; shift; exec "$@" ;;',
      '  push) [ "$3" = "--perms" ] || exit 2; cp "$1" "$2" && chmod "$4" "$2" ;;',
      '  *) exit 2 ;;',
      "esac",
      "",
    ].join("\n"),
  );
  await chmod(pct, 0o755);
  return { pct, log };
}

describe("LXC transport", () => {
  it("writes through pct push to a temporary name and renames it with pct exec", async () => {
    const { pct, log } = await makePct();
    const target = createShellTarget(createLxcTransport({ ctid: "101", pct }));
    const file = path.join(dir, "etc", "gateway");
    await target.writeFile(file, "server {}\n", 0o644);
    expect(await readFile(file, "utf8")).toBe("server {}\n");
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    const calls = (await readFile(log, "utf8")).trim().split("\n");
    expect(calls.some((c) => /^push 101 \S+ \S+\/etc\/\.gateway\.phoenix-[0-9a-f]{12} --perms 644$/.test(c))).toBe(true);
    expect(calls.every((c) => c.startsWith("push 101 ") || c.startsWith("exec 101 -- sh -c "))).toBe(true);
    expect(await target.read(file)).toEqual({ type: "file", content: "server {}\n" });
  });

  it("reports a failing container as an InfraError naming it", async () => {
    const { pct } = await makePct();
    const target = createShellTarget(createLxcTransport({ ctid: "999", pct }));
    await expect(target.read("/etc/hostname")).rejects.toMatchObject({ code: "INFRA_TARGET_COMMAND_FAILED", message: expect.stringContaining("lxc 999") });
    await expect(target.writeFile(path.join(dir, "x"), "x", 0o644)).rejects.toMatchObject({ stage: "apply" });
  });
});

describe("shell quoting for ssh", () => {
  it("quotes so that the remote shell sees the original arguments", async () => {
    expect(quoteShellArg("/etc/nginx/sites-available/gateway")).toBe("/etc/nginx/sites-available/gateway");
    expect(quoteShellArg("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    const argv = ["printf", "%s|", "a b", "it's", "$HOME", "", "`x`"];
    const { execa } = await import("execa");
    const out = await execa("sh", ["-c", quoteShellCommand(argv)]);
    expect(out.stdout).toBe("a b|it's|$HOME||`x`|");
  });
});
