import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDockerDialArgv, dialDockerOverSsh } from "../../../src/infra/targets/ssh-docker-dial.js";
import { createRemoteDockerDaemon } from "../../../src/swarm/remote-docker-daemon.js";

/**
 * A stand-in `ssh` that plays `docker system dial-stdio`: it records its
 * argv and the request it reads on stdin, and answers as a daemon would.
 */
const STAND_IN = `#!/usr/bin/env node
const fs = require("node:fs");
const dir = __dirname;
fs.writeFileSync(dir + "/argv.json", JSON.stringify(process.argv.slice(2)));
if (process.env.STAND_IN_FAIL) { process.stderr.write("Permission denied (publickey).\\n"); process.exit(255); }
let buf = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  buf += chunk;
  const end = buf.indexOf("\\r\\n\\r\\n");
  if (end === -1) return;
  const length = Number(/content-length: *(\\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
  if (buf.length < end + 4 + length) return;
  fs.appendFileSync(dir + "/requests.log", buf.split("\\r\\n")[0] + " " + buf.slice(end + 4) + "\\n");
  const info = buf.startsWith("GET /info");
  const join = buf.startsWith("POST /swarm/join");
  const body = info ? JSON.stringify({ Swarm: { LocalNodeState: "inactive", NodeID: "" } }) : join ? "" : JSON.stringify({ message: "page not found" });
  const status = info ? "200 OK" : join ? "200 OK" : "404 Not Found";
  process.stdout.write("HTTP/1.1 " + status + "\\r\\nContent-Type: application/json\\r\\nContent-Length: " + Buffer.byteLength(body) + "\\r\\nConnection: close\\r\\n\\r\\n" + body);
  process.stdin.pause();
  process.stdout.end();
});
`;

let dir: string;
let ssh: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "phx-dial-"));
  ssh = join(dir, "ssh");
  await writeFile(ssh, STAND_IN);
  await chmod(ssh, 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("buildDockerDialArgv", () => {
  it("is the docker CLI's ssh://user@host helper in batch mode, with the checked options first", () => {
    expect(buildDockerDialArgv({ user: "deploy", host: "10.214.0.12", port: 2222, identityFile: "/keys/id", sshOptions: ["StrictHostKeyChecking=yes"] })).toEqual([
      "ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-i", "/keys/id", "-p", "2222", "-l", "deploy", "--", "10.214.0.12", "docker", "system", "dial-stdio",
    ]);
  });

  it("refuses what the settings schema refuses, should a caller skip it", () => {
    expect(() => buildDockerDialArgv({ user: "-oProxyCommand=x", host: "10.0.0.1" })).toThrow(/INFRA_SSH_OPTIONS_INVALID|refused/);
    expect(() => buildDockerDialArgv({ user: "root", host: "-oProxyCommand=x" })).toThrow(/refused/);
    expect(() => buildDockerDialArgv({ user: "root", host: "10.0.0.1", sshOptions: ["ProxyCommand=touch /tmp/x"] })).toThrow(/ProxyCommand/);
  });
});

describe("the VM's daemon over a dialed connection", () => {
  it("reads the swarm state and posts the join body through ssh's stdio", async () => {
    const daemon = createRemoteDockerDaemon(() => dialDockerOverSsh({ user: "root", host: "10.214.0.12", ssh }), "ssh://root@10.214.0.12");
    expect(await daemon.readSwarmState()).toEqual({ localNodeState: "inactive", nodeId: "" });
    const body = { ListenAddr: "0.0.0.0:2377", AdvertiseAddr: "10.214.0.12", RemoteAddrs: ["10.214.0.11:2377"], JoinToken: "SWMTKN-1-abc-def" };
    await daemon.joinSwarm(body);
    const log = (await readFile(join(dir, "requests.log"), "utf8")).trim().split("\n");
    expect(log).toEqual(["GET /info HTTP/1.1 ", `POST /swarm/join HTTP/1.1 ${JSON.stringify(body)}`]);
    expect(JSON.parse(await readFile(join(dir, "argv.json"), "utf8"))).toEqual(["-o", "BatchMode=yes", "-l", "root", "--", "10.214.0.12", "docker", "system", "dial-stdio"]);
  });

  it("says what ssh said when it cannot connect", async () => {
    process.env.STAND_IN_FAIL = "1";
    try {
      const daemon = createRemoteDockerDaemon(() => dialDockerOverSsh({ user: "root", host: "10.214.0.12", ssh }), "ssh://root@10.214.0.12");
      await expect(daemon.readSwarmState()).rejects.toThrow(/ssh:\/\/root@10\.214\.0\.12: GET \/info: .*Permission denied \(publickey\)/);
    } finally {
      delete process.env.STAND_IN_FAIL;
    }
  });
});
