import type { FakeGitHub, RecordedRequest } from "./fake-github-server.js";

/**
 * Calls `listener` with each request the fake records, at the moment it
 * records it (after the state was updated, before the answer is sent): for
 * benchmarks that time "delivery sent → comment written" and for waits that
 * should not poll. Returns a function that stops watching.
 */
export function watchRecordedRequests(github: FakeGitHub, listener: (request: RecordedRequest) => void): () => void {
  const requests = github.requests;
  const push = requests.push;
  requests.push = (...items: RecordedRequest[]): number => {
    const length = push.apply(requests, items);
    for (const item of items) listener(item);
    return length;
  };
  return () => {
    requests.push = push;
  };
}
