let lastTurn: Promise<void> = Promise.resolve();

/**
 * Resolves on a later turn of the event loop than any earlier caller's, one
 * caller per turn. Loading is synchronous CPU work between awaits: with a
 * plain `setImmediate` the files that several concurrent loads reach at once
 * would all resume in one check phase, back to back, and a request (the
 * app's `/healthz`) would wait for all of them. Taking turns puts an I/O
 * poll between each file's work and the next.
 */
export function waitForTurn(): Promise<void> {
  const turn = lastTurn.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  lastTurn = turn;
  return turn;
}
