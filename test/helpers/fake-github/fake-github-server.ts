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
  /** When the fake received it (`Date.now()`), to see how long a client waited between attempts. */
  readonly receivedAt: number;
}

/** How an injected failure answers: GitHub's status, and what a real error of that kind carries. */
export interface InjectedFailure {
  /** How many matching requests fail before the fake answers normally again (default 1). */
  readonly times?: number;
  /** Response headers, e.g. `retry-after` of a secondary rate limit. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The error body's `message` (default "injected failure"). */
  readonly message?: string;
}

/** A 403 as GitHub sends it for a secondary rate limit: the client must wait `retryAfterSeconds`. */
export function secondaryRateLimit(retryAfterSeconds: number, times = 1): InjectedFailure {
  return {
    times,
    headers: { "retry-after": String(retryAfterSeconds), "x-ratelimit-remaining": "4000" },
    message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
  };
}

export interface FakeGitHub {
  /** The API base URL (Probot's `baseUrl`). */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests that do not fit the api.github.com description (unknown route, bad body): a test expects none. */
  readonly violations: string[];
  readonly state: FakeGitHubState;
  /** The next matching requests (method and path) answer `status` instead (a flaky GitHub); see InjectedFailure. */
  failNext(method: string, pathPattern: RegExp, status: number, failure?: InjectedFailure): void;
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
  const failures: { method: string; pattern: RegExp; status: number; left: number; headers: Readonly<Record<string, string>>; message: string }[] = [];
  const state = createFakeGitHubState();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const receivedAt = Date.now();
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
      requests.push({ method, path, operationId: route.operationId, body, status: failure.status, receivedAt });
      send(res, failure.status, { message: failure.message, documentation_url: "https://docs.github.com/rest" }, failure.headers);
      return;
    }
    const answer = answerRequest(state, { method, path, template: route.template, operationId: route.operationId, body, query });
    requests.push({ method, path, operationId: route.operationId, body, status: answer.status, receivedAt });
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
    failNext(method, pathPattern, status, failure = {}) {
      failures.push({ method, pattern: pathPattern, status, left: failure.times ?? 1, headers: failure.headers ?? {}, message: failure.message ?? "injected failure" });
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

function send(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8" }).end(text);
}
