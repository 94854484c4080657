import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkRequestBody, findOpenApiRoute } from "./openapi-routes.js";
import { createFakeGitHubState, type FakeGitHubState } from "./fake-github-state.js";
import { answerRequest } from "./answer-request.js";

/** One request the fake answered. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** The api.github.com operation it matched. */
  readonly operationId: string;
  readonly body: unknown;
  readonly status: number;
}

export interface FakeGitHub {
  /** The API base URL (Probot's `baseUrl`). */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests that do not fit the api.github.com description (unknown route, bad body): a test expects none. */
  readonly violations: string[];
  readonly state: FakeGitHubState;
  /** The next `times` requests whose method and path match answer `status` (a flaky GitHub). */
  failNext(method: string, pathPattern: RegExp, status: number, times?: number): void;
  close(): Promise<void>;
}

/**
 * A GitHub REST API on 127.0.0.1: each request is matched to an operation of
 * `@octokit/openapi` by method and path template, its JSON body checked
 * against the operation's schema, recorded, then answered from an in-memory
 * state (comments, check runs, statuses).
 */
export async function startFakeGitHub(): Promise<FakeGitHub> {
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const failures: { method: string; pattern: RegExp; status: number; left: number }[] = [];
  const state = createFakeGitHubState();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const query = new URL(req.url ?? "/", "http://127.0.0.1").searchParams;
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      violations.push(`${method} ${path}: body is not JSON`);
    }
    const route = findOpenApiRoute(method, path);
    if (!route) {
      violations.push(`${method} ${path}: no such operation in api.github.com`);
      send(res, 404, { message: "Not Found" });
      return;
    }
    for (const problem of checkRequestBody(route, body)) violations.push(`${method} ${path}: ${problem}`);
    const failure = failures.find((f) => f.method === method && f.pattern.test(path) && f.left > 0);
    if (failure) {
      failure.left -= 1;
      requests.push({ method, path, operationId: route.operationId, body, status: failure.status });
      send(res, failure.status, { message: "injected failure" });
      return;
    }
    const answer = answerRequest(state, { method, path, template: route.template, operationId: route.operationId, body, query });
    requests.push({ method, path, operationId: route.operationId, body, status: answer.status });
    if (answer.status === 501) violations.push(`${method} ${path}: the fake does not implement ${route.operationId}`);
    send(res, answer.status, answer.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      violations.push(`${req.method ?? ""} ${req.url ?? ""}: ${String(err)}`);
      send(res, 500, { message: String(err) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    violations,
    state,
    failNext(method, pathPattern, status, times = 1) {
      failures.push({ method, pattern: pathPattern, status, left: times });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(text);
}
