import { request } from "isomorphic-git/http/node";
import type { HttpClient } from "isomorphic-git";
import type { RemoteRepoLocation } from "./repo-location.js";
import { createSourceError } from "./source-error.js";

/**
 * Every request gets its own deadline (the node client has none, and a
 * stalled server would hang a sync forever) and a byte budget for its answer
 * (isomorphic-git holds a whole pack in memory).
 */
export function createBoundedHttpClient(timeoutMs: number, maxBytes: number): HttpClient {
  return {
    request: async (req) => {
      const abort = new AbortController();
      const response = await request({ ...req, signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), abort.signal]) });
      const { body } = response;
      if (body === undefined) return response;
      return { ...response, body: limitBody(body, maxBytes, () => abort.abort()) };
    },
  };
}

async function* limitBody(body: AsyncIterableIterator<Uint8Array>, maxBytes: number, stop: () => void): AsyncIterableIterator<Uint8Array> {
  let read = 0;
  for await (const chunk of body) {
    read += chunk.length;
    if (read > maxBytes) {
      stop();
      throw createSourceError("SOURCE_FETCH_TOO_LARGE", `the server's answer passed ${maxBytes} bytes`);
    }
    yield chunk;
  }
}

/** The Authorization header for a location's credentials, sent up front; none without credentials. */
export function authorizationHeaders(location: RemoteRepoLocation): Record<string, string> {
  return location.credentials ? { Authorization: basicAuth(location.credentials) } : {};
}

function basicAuth(credentials: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}
