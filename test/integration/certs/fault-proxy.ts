import { readFile } from "node:fs/promises";
import { createServer, request, type Server } from "node:https";
import type { IncomingMessage } from "node:http";
import { findFreePort } from "../infra/daemons.js";

/** What the proxy answers instead of pebble; undefined forwards the request. */
export type Fault = { readonly status: number; readonly headers: Record<string, string>; readonly body: string } | undefined;

export interface FaultProxy {
  readonly directoryUrl: string;
  /** Requests seen, as `METHOD path`. */
  readonly seen: string[];
  setFault(fault: (req: IncomingMessage) => Fault): void;
  close(): Promise<void>;
}

/**
 * An HTTPS proxy in front of pebble (which never limits anything) that can
 * answer like a CA that does: a 429 with an ACME problem document and a
 * Retry-After. It keeps the Host header, so pebble writes its own URLs with
 * the proxy's address and every later request goes through the proxy too.
 */
export async function startFaultProxy(p: { pebbleOrigin: string; tlsKeyFile: string; tlsCertFile: string; ca: string }): Promise<FaultProxy> {
  const seen: string[] = [];
  let fault: (req: IncomingMessage) => Fault = () => undefined;
  const upstream = new URL(p.pebbleOrigin);
  const server: Server = createServer({ key: await readFile(p.tlsKeyFile), cert: await readFile(p.tlsCertFile) }, (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const injected = fault(req);
    if (injected !== undefined) {
      req.resume();
      res.writeHead(injected.status, injected.headers).end(injected.body);
      return;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers, ca: p.ca, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", (err) => res.writeHead(502).end(String(err)));
    req.pipe(forward);
  });
  const port = await findFreePort("127.0.0.1");
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    directoryUrl: `https://127.0.0.1:${port}/dir`,
    seen,
    setFault(f) {
      fault = f;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An ACME rate limit on new orders, as Let's Encrypt and Step-CA send it. */
export function rateLimitNewOrders(retryAfterSeconds: number): (req: IncomingMessage) => Fault {
  return (req) =>
    req.method === "POST" && (req.url ?? "").includes("order-plz")
      ? {
          status: 429,
          headers: { "content-type": "application/problem+json", "retry-after": String(retryAfterSeconds), "replay-nonce": "bm9uY2U" },
          body: JSON.stringify({ type: "urn:ietf:params:acme:error:rateLimited", detail: "too many new orders recently: see https://ca.example/rate-limits", status: 429 }),
        }
      : undefined;
}
