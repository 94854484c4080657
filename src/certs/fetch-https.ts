import { request } from "node:https";

/** Large enough for a bundle of roots; a CA that sends more is not answering the question asked. */
const MAX_BODY_BYTES = 1_000_000;
const TIMEOUT_MS = 10_000;

/** One GET with its own trust (`ca`), bounded in size and time. */
export function fetchHttps(url: string, options: { ca?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", ...(options.ca === undefined ? {} : { ca: options.ca }), agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) req.destroy(new Error(`answer larger than ${MAX_BODY_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on("error", reject);
    req.end();
  });
}
