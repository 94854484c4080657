import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { Duplex } from "node:stream";

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/**
 * A local HTTP server standing in for Traefik's `web` entry point: it echoes
 * what it received as JSON, answers one ACME token, and accepts WebSocket
 * upgrades (then echoes the raw bytes back, which is all a proxy has to carry).
 */
export async function startTraefikStandIn(host: string, port: number): Promise<{ server: Server; seen: SeenRequest[]; close: () => Promise<void> }> {
  const seen: SeenRequest[] = [];
  const tunnels = new Set<Duplex>();
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    if (req.url === "/.well-known/acme-challenge/test-token") {
      res.writeHead(200, { "content-type": "text/plain" }).end("test-token.key-authorization");
      return;
    }
    res.writeHead(200, { "content-type": "application/json", "x-upstream": "traefik-stand-in" }).end(JSON.stringify({ url: req.url, headers: req.headers }));
  });
  server.on("upgrade", (req, socket) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    const key = String(req.headers["sec-websocket-key"] ?? "");
    const accept = createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
    socket.write(["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${accept}`, "", ""].join("\r\n"));
    tunnels.add(socket);
    socket.on("data", (d) => socket.write(d));
    socket.on("end", () => socket.end());
    socket.on("close", () => tunnels.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return {
    server,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        for (const socket of tunnels) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
