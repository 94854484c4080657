import { chmod, cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { findFreePort } from "../infra/daemons.js";

const repoRoot = path.resolve(import.meta.dirname, "../../..");

/**
 * The bundled example exactly as scripts/demo.sh syncs it (its settings,
 * manifest and scripts/demo-ca.sh), moved from /var/lib/phoenix-demo to a
 * temporary directory and from the demo's fixed loopback address and ports
 * to `address` and free ports, with settings for an in-memory swarm.
 */
export interface DemoRepo {
  readonly dir: string;
  /** What /var/lib/phoenix-demo is in the demo. */
  readonly demo: string;
  readonly repo: string;
  readonly env: Readonly<Record<string, string>>;
  /** Where the demo's nginx serves the rendered gateway (`demo-ca.sh serve-gateway`). */
  readonly gateway: { readonly host: string; readonly port: number; readonly servername: string };
  demoCa(command: "start" | "serve-gateway" | "stop"): Promise<void>;
  close(): Promise<void>;
}

export async function prepareDemoRepo(address: string, editSettings: (text: string) => string = (t) => t): Promise<DemoRepo> {
  const dir = await mkdtemp(path.join(tmpdir(), "phoenix-demo-ca-"));
  await chmod(dir, 0o755);
  const demo = path.join(dir, "phoenix-demo");
  const repo = path.join(dir, "repo");
  const ports = { acme: await findFreePort(address), management: await findFreePort(address), dns: await findFreePort(address), http: await findFreePort(address), https: await findFreePort(address) };
  const move = (text: string) =>
    text
      .replaceAll("/var/lib/phoenix-demo", demo)
      .replaceAll("127.0.10.1:14000", `${address}:${ports.acme}`)
      .replaceAll("127.0.10.1:10053", `${address}:${ports.dns}`);
  for (const part of ["etc", "stacks", ".github"]) await cp(path.join(repoRoot, part), path.join(repo, part), { recursive: true });
  for (const file of [".github/phoenix.yml", "etc/certificate-manifest.json", "etc/phoenix_lxc_configs.json"]) {
    await writeFile(path.join(repo, file), move(await readFile(path.join(repo, file), "utf8")));
  }
  // The stacks go to the in-memory swarm without asking a registry, and are not waited on for long.
  const settings = await readFile(path.join(repo, ".github/phoenix.yml"), "utf8");
  await writeFile(path.join(repo, ".github/phoenix.yml"), editSettings(`swarm: { resolveImage: never }\nwait: { timeoutSeconds: 10, monitorSeconds: 0 }\n${settings}`));
  const env = {
    PHOENIX_DEMO_DIR: demo,
    PHOENIX_DEMO_CA_ADDRESS: address,
    PHOENIX_DEMO_ACME_PORT: String(ports.acme),
    PHOENIX_DEMO_MANAGEMENT_PORT: String(ports.management),
    PHOENIX_DEMO_DNS_PORT: String(ports.dns),
    PHOENIX_DEMO_GATEWAY_HTTP_PORT: String(ports.http),
    PHOENIX_DEMO_GATEWAY_HTTPS_PORT: String(ports.https),
  };
  const demoCa = async (command: string) => {
    await execa("bash", [path.join(repoRoot, "scripts/demo-ca.sh"), command], { env });
  };
  return {
    dir,
    demo,
    repo,
    env,
    gateway: { host: address, port: ports.https, servername: "nginx.internal.example.test" },
    demoCa,
    async close() {
      await demoCa("stop").catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
