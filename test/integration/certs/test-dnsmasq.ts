import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { Resolver } from "node:dns/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";

/**
 * A real dnsmasq on a loopback address and a free port, run as a daemon the
 * way the host runs it, so that Phoenix can restart it with a command
 * (dnsmasq reads `txt-record=` lines only at start, as on the host where
 * Phoenix runs `systemctl restart dnsmasq`). Its conf-dir is where DNS-01
 * records go; no upstream: nothing is forwarded off the machine.
 */
export interface TestDnsmasq {
  /** `address:port` */
  readonly server: string;
  readonly address: string;
  readonly port: number;
  /** The directory the DNS target of the settings points at (`dnsmasq.conf` and `dnsmasq.d/`). */
  readonly dir: string;
  /** Restarts it and returns once it answers again: the DNS target's `reload`. */
  readonly restartCommand: readonly string[];
  stop(): Promise<void>;
}

export async function startTestDnsmasq(p: { dir: string; address: string; port: number; domain: string; records: readonly { name: string; ip: string }[] }): Promise<TestDnsmasq> {
  // Not `dnsmasq.conf`: a sync that deploys the DNS output to this directory renders one, which this daemon must not read.
  const conf = path.join(p.dir, "lab-dnsmasq.conf");
  const pidFile = path.join(p.dir, "dnsmasq.pid");
  await mkdir(path.join(p.dir, "dnsmasq.d"), { recursive: true });
  await writeFile(
    conf,
    [
      `port=${p.port}`,
      `listen-address=${p.address}`,
      "bind-interfaces",
      "no-resolv",
      "no-hosts",
      `local=/${p.domain}/`,
      `conf-dir=${path.join(p.dir, "dnsmasq.d")},*.conf`,
      ...p.records.map((r) => `address=/${r.name}/${r.ip}`),
      "",
    ].join("\n"),
  );
  const server = `${p.address}:${p.port}`;
  const restart = path.join(p.dir, "restart-dnsmasq.sh");
  // Waits for the old process to be gone (the port is free) and for the new one to answer.
  await writeFile(
    restart,
    [
      "#!/bin/sh",
      "set -e",
      `pid=$(cat ${pidFile} 2>/dev/null || true)`,
      'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; fi',
      `exec dnsmasq -C ${conf} --pid-file=${pidFile}`,
      "",
    ].join("\n"),
  );
  await chmod(restart, 0o755);
  const start = async () => {
    const r = await execa(restart, [], { reject: false });
    if (r.exitCode !== 0) throw new Error(`dnsmasq did not start: ${r.stderr}`);
    await waitForAnswer(server, `probe.${p.domain}`);
  };
  await start();
  return {
    server,
    address: p.address,
    port: p.port,
    dir: p.dir,
    restartCommand: [restart],
    async stop() {
      const pid = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
      if (pid > 0) {
        try {
          process.kill(pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
    },
  };
}

async function waitForAnswer(server: string, name: string): Promise<void> {
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([server]);
  for (let i = 0; i < 50; i++) {
    const answered = await resolver.resolve4(name).then(
      () => true,
      (err: { code?: string }) => err.code === "ENOTFOUND" || err.code === "ENODATA",
    );
    if (answered) return;
    await sleep(100);
  }
  throw new Error(`dnsmasq did not answer on ${server}`);
}
