import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:tls";

export interface Response {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One request to a loopback port with a chosen Host (and SNI for https), verified against `ca`. */
export function fetchFrom(p: { scheme: "http" | "https"; port: number; host: string; path: string; ca?: string }): Promise<Response> {
  return new Promise((resolve, reject) => {
    const options = { host: "127.0.0.1", port: p.port, path: p.path, headers: { host: p.host }, servername: p.host, ca: p.ca, agent: false as const };
    const req = (p.scheme === "https" ? httpsRequest : httpRequest)(options, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.setTimeout(5000, () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    req.end();
  });
}

/** A WebSocket handshake over TLS, then one raw round trip through the tunnel. */
export function upgradeAndEcho(p: { port: number; host: string; ca: string; message: string }): Promise<{ head: string; echoed: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: p.port, servername: p.host, ca: p.ca }, () => {
      socket.write(
        [
          "GET /socket HTTP/1.1",
          `Host: ${p.host}`,
          "Upgrade: websocket",
          "Connection: Upgrade",
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
          "Sec-WebSocket-Version: 13",
          "",
          "",
        ].join("\r\n"),
      );
    });
    let buffer = "";
    let head: string | undefined;
    socket.setEncoding("utf8");
    socket.setTimeout(5000, () => socket.destroy(new Error("websocket timed out")));
    socket.on("data", (d: string) => {
      buffer += d;
      if (head === undefined) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end === -1) return;
        head = buffer.slice(0, end);
        buffer = buffer.slice(end + 4);
        if (!head.startsWith("HTTP/1.1 101")) {
          socket.destroy();
          resolve({ head, echoed: "" });
          return;
        }
        socket.write(p.message);
      }
      if (buffer.length >= p.message.length) {
        socket.end();
        resolve({ head, echoed: buffer });
      }
    });
    socket.on("error", reject);
  });
}
