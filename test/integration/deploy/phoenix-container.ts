import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:net";
import path from "node:path";
import { execa } from "execa";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");

/**
 * Builds the image with the repo's script, as a developer or CI would. Idempotent
 * and cached: about 2 s when nothing changed, a few minutes on a new machine.
 */
export async function buildPhoenixImage(tag: string): Promise<void> {
  const result = await execa("bash", [path.join(REPO_ROOT, "scripts/build-phoenix-image.sh"), tag], { all: true, reject: false });
  if (result.exitCode !== 0) throw new Error(`scripts/build-phoenix-image.sh failed (exit ${result.exitCode}):\n${(result.all ?? "").slice(-4000)}`);
}

/** A throwaway GitHub App private key, PEM-encoded PKCS#1 like the ones GitHub issues. */
export function generateAppPrivateKey(): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
  return privateKey;
}

/** A TCP port that is free on every interface of this machine right now. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP port from the kernel");
  return address.port;
}

/**
 * Runs a CommonJS snippet with the image's own node inside the container
 * (as the container's user unless `user` is given) and parses the JSON it prints.
 */
export async function evalInContainer<T>(containerId: string, code: string, user?: string): Promise<T> {
  const userArgs = user === undefined ? [] : ["--user", user];
  const { stdout } = await execa("docker", ["exec", ...userArgs, containerId, "node", "-e", code]);
  return JSON.parse(stdout) as T;
}

export interface ProcessIdentity {
  /** Real, effective, saved and filesystem ids, as /proc/<pid>/status lists them. */
  readonly uid: number[];
  readonly gid: number[];
  readonly groups: number[];
  readonly cmdline: string[];
}

/** Who PID 1 of the container (the process the image's ENTRYPOINT started) runs as. */
export function readMainProcessIdentity(containerId: string): Promise<ProcessIdentity> {
  return evalInContainer(
    containerId,
    `const fs = require("fs");
     const status = fs.readFileSync("/proc/1/status", "utf8");
     const ids = (key) => (status.match(new RegExp("^" + key + ":(.*)$", "m"))[1].trim().split(/\\s+/).filter(Boolean).map(Number));
     const cmdline = fs.readFileSync("/proc/1/cmdline", "utf8").split("\\0").filter(Boolean);
     console.log(JSON.stringify({ uid: ids("Uid"), gid: ids("Gid"), groups: ids("Groups"), cmdline }));`,
  );
}

export interface FileAccess {
  readonly uid: number;
  readonly gid: number;
  /** Permission bits in octal, e.g. "400". */
  readonly mode: string;
  /** sha256 of the content when the reader could read it, else the error code (EACCES). */
  readonly read: string;
}

/** What `user` (default: the container's) sees of `file`: owner, mode, and whether it can read it. */
export function probeFileAccess(containerId: string, file: string, user?: string): Promise<FileAccess> {
  return evalInContainer(
    containerId,
    `const fs = require("fs");
     const s = fs.statSync(${JSON.stringify(file)});
     let read;
     try { read = require("crypto").createHash("sha256").update(fs.readFileSync(${JSON.stringify(file)})).digest("hex"); } catch (e) { read = e.code; }
     console.log(JSON.stringify({ uid: s.uid, gid: s.gid, mode: (s.mode & 0o777).toString(8), read }));`,
    user,
  );
}

/** Asks the Docker API behind the mounted socket, from inside the container, whether it is a swarm manager. */
export function probeDockerApi(containerId: string): Promise<{ readonly status: number | string; readonly controlAvailable?: boolean }> {
  return evalInContainer(
    containerId,
    `require("http").get({ socketPath: "/var/run/docker.sock", path: "/v1.41/info" }, (res) => {
       let body = "";
       res.on("data", (d) => (body += d));
       res.on("end", () => console.log(JSON.stringify({ status: res.statusCode, controlAvailable: JSON.parse(body).Swarm?.ControlAvailable })));
     }).on("error", (e) => console.log(JSON.stringify({ status: e.code })));`,
  );
}
