import { createServer, request, Agent } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeGitHub } from "./fake-github-server.js";

/** The REST API prefix of GitHub Enterprise Server. */
const ENTERPRISE_PREFIX = "/api/v3";

export interface EnterpriseFront {
  /** `GHE_HOST` for Probot (`127.0.0.1:<port>`), with `GHE_PROTOCOL=http`. */
  readonly host: string;
  close(): Promise<void>;
}

/**
 * The fake GitHub under GitHub Enterprise Server's `/api/v3` prefix, for a
 * `phoenix serve` process, which only takes an API location as `GHE_HOST`.
 * Requests are forwarded unchanged but for the prefix, so the fake still
 * checks and records each of them.
 */
export async function serveEnterprisePaths(github: FakeGitHub): Promise<EnterpriseFront> {
  const target = new URL(github.url);
  const agent = new Agent({ keepAlive: true });
  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    if (!url.startsWith(`${ENTERPRISE_PREFIX}/`)) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "Not Found" }));
      return;
    }
    const upstream = request(
      { agent, host: target.hostname, port: target.port, method: req.method, path: url.slice(ENTERPRISE_PREFIX.length), headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (err) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: String(err) }));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
