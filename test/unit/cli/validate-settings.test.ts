import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/run-cli.js";

/** The bundled example config: valid, with a `.github/phoenix.yml` whose `dns` target is local. */
const EXAMPLE = path.resolve(fileURLToPath(import.meta.url), "../../../..");
const DNS_TARGET = `    dns:
      kind: local
      path: /var/lib/phoenix-demo/dns
      reload: dnsmasq --test -C /var/lib/phoenix-demo/dns/dnsmasq.conf && { test ! -x /var/lib/phoenix-demo/ca/restart-dns || /var/lib/phoenix-demo/ca/restart-dns; }
`;

const scratch: string[] = [];
afterEach(async () => {
  for (const dir of scratch.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A copy of the example whose settings file is `edit` of the example's. */
async function exampleWith(edit: (settings: string) => string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "phoenix-validate-settings-"));
  scratch.push(dir);
  for (const part of ["etc", "stacks", ".github"]) await cp(path.join(EXAMPLE, part), path.join(dir, part), { recursive: true });
  const file = path.join(dir, ".github", "phoenix.yml");
  const settings = await readFile(file, "utf8");
  expect(settings).toContain(DNS_TARGET);
  await writeFile(file, edit(settings));
  return dir;
}

const withDnsTarget = (lines: readonly string[]) => (settings: string) => settings.replace(DNS_TARGET, ["    dns:", ...lines.map((l) => `      ${l}`), ""].join("\n"));

// The first CLI run of a file imports the whole program: more than vitest's default 5 s on a busy machine.
describe("phoenix validate checks .github/phoenix.yml", { timeout: 30_000 }, () => {
  it.each([
    [
      "an ssh ProxyCommand option",
      withDnsTarget(["kind: ssh", "host: pve.example.test", 'sshOptions: ["ProxyCommand=touch /tmp/phoenix-pwned"]', "path: /var/lib/phoenix-demo/dns"]),
      ".github/phoenix.yml:17:20 error infra.targets.dns.sshOptions[0]: ProxyCommand is not an allowed ssh option (it runs a local command)",
    ],
    [
      "an ssh host that is an option",
      withDnsTarget(["kind: ssh", 'host: "-oProxyCommand=touch /tmp/phoenix-pwned"', "path: /var/lib/phoenix-demo/dns"]),
      ".github/phoenix.yml:16:13 error infra.targets.dns.host: must not start with - (ssh would read it as an option)",
    ],
    [
      "a newline in a target path",
      withDnsTarget(["kind: local", 'path: "/etc\\naddress=/#/6.6.6.6"']),
      ".github/phoenix.yml:16:13 error infra.targets.dns.path: must be an absolute path of letters, digits, . _ - and /, without //, . or .. segments",
    ],
    ["prune: maybe", (settings: string) => `${settings}prune: "maybe"\n`, '.github/phoenix.yml:66:8 error prune: expected true or false, got string "maybe"'],
  ])("refuses %s at its line and column, counts it and exits 1", async (_, edit, head) => {
    const dir = await exampleWith(edit);
    const run = await runCli(["validate", "--dir", dir]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")[0]).toContain(head);
    expect(run.stderr).toMatch(/\n1 error, 0 warnings\n$/);
  });

  it("lists settings errors among the others under --json", async () => {
    const dir = await exampleWith(withDnsTarget(["kind: ssh", "host: pve", "user: -root", "path: /var/lib/phoenix-demo/dns"]));
    const run = await runCli(["validate", "--dir", dir, "--json"]);
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as { valid: boolean; errors: { file: string; line: number; column: number; path: string }[] };
    expect(report.valid).toBe(false);
    expect(report.errors).toEqual([expect.objectContaining({ file: ".github/phoenix.yml", line: 17, column: 13, path: "infra.targets.dns.user", code: "SETTINGS_INVALID_VALUE" })]);
  });

  it("sorts settings and config errors together and counts both", async () => {
    const dir = await exampleWith((settings) => `${settings}prune: maybe\n`);
    const vms = path.join(dir, "etc", "phoenix_vm_configs.json");
    await writeFile(vms, (await readFile(vms, "utf8")).replace('"web_app",', '"no_such_stack",'));
    const run = await runCli(["validate", "--dir", dir]);
    expect(run.exitCode).toBe(1);
    const heads = run.stderr.split("\n").filter((l) => / error /.test(l)).map((l) => l.split(" error ")[0]);
    expect(heads).toEqual([".github/phoenix.yml:66:8", "etc/phoenix_vm_configs.json:53:17"]);
    expect(run.stderr).toMatch(/\n2 errors, 0 warnings\n$/);
  });

  it("loads the config in the settings' environment, as plan does", async () => {
    const dir = await exampleWith((settings) => `${settings}environment: qa\n`);
    const run = await runCli(["validate", "--dir", dir]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('etc/phoenix_vm_configs.json:53:17 error vms[0].docker_stacks[0]: stack "web_app" has no environment "qa"');
  });
});

describe("phoenix render uses the settings", { timeout: 30_000 }, () => {
  it("renders dnsmasq's conf-dir under the DNS target's path", async () => {
    const dir = await exampleWith((settings) => settings);
    const out = path.join(dir, "out");
    const run = await runCli(["render", "--dir", dir, "--out", out]);
    expect(run.exitCode).toBe(0);
    expect(await readFile(path.join(out, "dnsmasq", "dnsmasq.conf"), "utf8")).toContain("conf-dir=/var/lib/phoenix-demo/dns/dnsmasq.d");
  });

  it("stops on a settings error and writes nothing", async () => {
    const dir = await exampleWith(withDnsTarget(["kind: local", "path: /etc/../root"]));
    const out = path.join(dir, "out");
    const run = await runCli(["render", "--dir", dir, "--out", out]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(".github/phoenix.yml:16:13 error infra.targets.dns.path:");
    expect(run.stderr).toContain("1 error: nothing rendered");
    await expect(readdir(out)).rejects.toMatchObject({ code: "ENOENT" });
  });
});
