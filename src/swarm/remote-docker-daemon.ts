/**
 * The two Docker API calls a join makes on the VM's own daemon, over a
 * connection someone else opened (`docker system dial-stdio` over ssh): what
 * the daemon's swarm state is (`GET /info`), and `POST /swarm/join`. Plain
 * HTTP/1.1 with one connection per request, as the docker CLI's ssh helper
 * does; the paths carry no version, so the daemon answers at its own.
 */
import { request } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { SwarmError } from "../errors.js";

/** `POST /swarm/join`'s body. */
export interface SwarmJoinRequest {
  readonly ListenAddr: string;
  readonly AdvertiseAddr: string;
  readonly RemoteAddrs: readonly string[];
  readonly JoinToken: string;
}

export interface RemoteSwarmState {
  /** `Swarm.LocalNodeState`: `inactive` before a join, `active` after. */
  readonly localNodeState: string;
  readonly nodeId: string;
}

export interface RemoteDockerDaemon {
  readonly description: string;
  readSwarmState(): Promise<RemoteSwarmState>;
  joinSwarm(body: SwarmJoinRequest): Promise<void>;
}

/** A join waits for the manager to admit the node: the daemon answers when it did (or gave up). */
const REQUEST_TIMEOUT_MS = 60_000;
const RESPONSE_MAX_BYTES = 1 << 20;

export function createRemoteDockerDaemon(dial: () => Duplex, description: string): RemoteDockerDaemon {
  const call = (method: "GET" | "POST", path: string, body?: unknown) => callDaemon(dial, description, method, path, body);
  return {
    description,
    async readSwarmState() {
      const info = (await call("GET", "/info")) as { Swarm?: { LocalNodeState?: string; NodeID?: string } } | undefined;
      return { localNodeState: info?.Swarm?.LocalNodeState ?? "", nodeId: info?.Swarm?.NodeID ?? "" };
    },
    async joinSwarm(body) {
      await call("POST", "/swarm/join", body);
    },
  };
}

function callDaemon(dial: () => Duplex, description: string, method: string, path: string, body: unknown): Promise<unknown> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    // The daemon's messages never quote the token; the caller masks it anyway.
    const fail = (message: string) => reject(new SwarmError("apply", "SWARM_JOIN_FAILED", `${description}: ${method} ${path}: ${message}`));
    const req = request(
      {
        method,
        path,
        host: "docker",
        createConnection: () => dial() as unknown as Socket,
        headers: { Connection: "close", ...(payload === undefined ? {} : { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) }) },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size <= RESPONSE_MAX_BYTES) chunks.push(chunk);
        });
        res.on("error", (error) => fail(error.message));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const json = parseJson(text);
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(json);
          else fail(readMessage(json) ?? (text.trim() || `HTTP ${status}`));
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on("error", (error) => fail(error.message));
    req.end(payload);
  });
}

function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readMessage(json: unknown): string | undefined {
  const message = typeof json === "object" && json !== null ? (json as { message?: unknown }).message : undefined;
  return typeof message === "string" ? message : undefined;
}
