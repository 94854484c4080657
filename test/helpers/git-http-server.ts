import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

const HTTP_BACKEND = "/usr/lib/git-core/git-http-backend";

/** One request the server answered, for assertions on what a client downloaded. */
export interface ServedRequest {
  readonly method: string;
  /** Path and query, e.g. `/repo/info/refs?service=git-upload-pack`. */
  readonly url: string;
  readonly status: number;
  /** Response body bytes (CGI headers excluded). */
  readonly bodyBytes: number;
  /** The user name of the basic credentials sent, if any (never the password). */
  readonly username: string | undefined;
}

export interface GitHttpServer {
  /** Clone URL of the served repository, e.g. `http://127.0.0.1:40123/repo`. */
  readonly url: string;
  readonly requests: readonly ServedRequest[];
  close(): Promise<void>;
}

export interface GitHttpServerOptions {
  /** A repository directory (working tree with `.git`, or bare). */
  readonly repoDir: string;
  /** When set, every request must carry exactly these basic credentials. */
  readonly auth?: { readonly username: string; readonly password: string };
}

/**
 * Serves one repository over git's smart HTTP protocol by running the real
 * `git http-backend` as a CGI per request, on 127.0.0.1 and a random port.
 */
export async function startGitHttpServer(options: GitHttpServerOptions): Promise<GitHttpServer> {
  const projectRoot = path.dirname(path.resolve(options.repoDir));
  const repoName = path.basename(options.repoDir);
  const requests: ServedRequest[] = [];

  const server = createServer((req, res) => {
    const credentials = parseBasicAuth(req.headers.authorization);
    const record = (status: number, bodyBytes: number): void => {
      requests.push({ method: req.method ?? "GET", url: req.url ?? "/", status, bodyBytes, username: credentials?.username });
    };
    if (options.auth && (credentials?.username !== options.auth.username || credentials.password !== options.auth.password)) {
      const body = "authentication required\n";
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="phoenix-test"', "Content-Type": "text/plain" }).end(body);
      record(401, body.length);
      return;
    }
    runHttpBackend(req, res, projectRoot, credentials?.username).then(
      ({ status, bodyBytes }) => record(status, bodyBytes),
      (err: unknown) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(err));
        record(500, 0);
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/${repoName}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Runs one CGI request through git http-backend and streams its answer. */
function runHttpBackend(
  req: IncomingMessage,
  res: ServerResponse,
  projectRoot: string,
  remoteUser: string | undefined,
): Promise<{ status: number; bodyBytes: number }> {
  const requestUrl = new URL(req.url ?? "/", "http://127.0.0.1");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: "1",
    GATEWAY_INTERFACE: "CGI/1.1",
    SERVER_PROTOCOL: "HTTP/1.1",
    REQUEST_METHOD: req.method ?? "GET",
    PATH_INFO: decodeURIComponent(requestUrl.pathname),
    QUERY_STRING: requestUrl.search.replace(/^\?/, ""),
    REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
    CONTENT_TYPE: req.headers["content-type"] ?? "",
  };
  if (req.headers["content-length"] !== undefined) env.CONTENT_LENGTH = req.headers["content-length"];
  if (req.headers["content-encoding"] !== undefined) env.HTTP_CONTENT_ENCODING = req.headers["content-encoding"];
  const gitProtocol = req.headers["git-protocol"];
  if (typeof gitProtocol === "string") env.GIT_PROTOCOL = gitProtocol;
  if (remoteUser !== undefined) env.REMOTE_USER = remoteUser;

  return new Promise((resolve, reject) => {
    const child = spawn(HTTP_BACKEND, [], { env, stdio: ["pipe", "pipe", "pipe"] });
    let head = Buffer.alloc(0);
    let status = 200;
    let headersDone = false;
    let bodyBytes = 0;
    let stderr = "";

    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.stdout.on("data", (chunk: Buffer) => {
      if (headersDone) {
        bodyBytes += chunk.length;
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const split = findHeaderEnd(head);
      if (split === undefined) return;
      const parsed = parseCgiHeaders(head.subarray(0, split.index).toString("latin1"));
      status = parsed.status;
      res.writeHead(status, parsed.headers);
      headersDone = true;
      const rest = head.subarray(split.index + split.length);
      bodyBytes += rest.length;
      res.write(rest);
    });
    child.once("close", (code) => {
      if (!headersDone) {
        res.writeHead(502, { "Content-Type": "text/plain" }).end(`git http-backend exited ${code}: ${stderr}`);
        resolve({ status: 502, bodyBytes: 0 });
        return;
      }
      res.end();
      resolve({ status, bodyBytes });
    });
    // http-backend may exit without reading the whole body (a refused request); that is its answer, not a crash.
    child.stdin.on("error", () => undefined);
    req.pipe(child.stdin);
  });
}

function findHeaderEnd(buffer: Buffer): { index: number; length: number } | undefined {
  const crlf = buffer.indexOf("\r\n\r\n");
  if (crlf !== -1) return { index: crlf, length: 4 };
  const lf = buffer.indexOf("\n\n");
  return lf === -1 ? undefined : { index: lf, length: 2 };
}

function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  let status = 200;
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
    else headers[name] = value;
  }
  return { status, headers };
}

function parseBasicAuth(header: string | undefined): { username: string; password: string } | undefined {
  const match = header === undefined ? null : /^Basic\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon === -1 ? { username: decoded, password: "" } : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
