import { createHash } from "node:crypto";
import fs from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { indexPack } from "isomorphic-git";
import { authorizationHeaders, createBoundedHttpClient } from "./git-http-client.js";
import { readIndexOids } from "./repack-cache.js";
import type { RemoteRepoLocation } from "./repo-location.js";

export interface RequestPackOptions {
  readonly gitdir: string;
  readonly location: RemoteRepoLocation;
  /** The commit wanted (a webhook's sha): one that a ref on the server reaches. */
  readonly want: string;
  /** Commits this cache holds, offered so that the server sends only what they lack. */
  readonly haves: readonly string[];
  /**
   * The cache's shallow commits (its `shallow` file): the server walks them
   * as if they had no parents, so it does not take an offered commit's
   * history beyond them for held.
   */
  readonly shallows: Iterable<string>;
  readonly timeoutMs: number;
  /** Budget for the server's answer (`SOURCE_FETCH_TOO_LARGE` past it). */
  readonly maxBytes: number;
  /** isomorphic-git's cache of parsed pack indexes, shared with the caller's reads. */
  readonly cache: object;
}

/** The pack a request brought and indexed; `file` is undefined when the server had nothing to send. */
export interface RequestedPack {
  readonly file: string | undefined;
  readonly objectCount: number;
  readonly bytes: number;
  /** The objects the pack holds. */
  readonly oids: readonly string[];
}

/**
 * The server did not answer as a one-request fetch expects (no ref reaches
 * the commit any more — "not our ref" —, an HTTP error, another protocol):
 * the caller negotiates the usual way, which reports what is wrong.
 */
export class PackRequestRefused extends Error {
  constructor(reason: string) {
    // The server's words go to a log line: bounded.
    super(reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason);
    this.name = "PackRequestRefused";
  }
}

const MAX_REASON_CHARS = 200;
const PACK_SIGNATURE = "PACK";
const PACK_HEADER = 12;
const SHA1_BYTES = 20;
const ACKNOWLEDGEMENT = /^(NAK|ACK [0-9a-f]{40})\b/;
const OBJECT_ID = /^[0-9a-f]{40}$/;

/**
 * Fetches one commit with a single `git-upload-pack` request of git's smart
 * HTTP protocol (version 0/1, stateless): `want <sha>`, a `have` per known
 * commit, `done`, and the pack read from side band 1. A fetch as git or
 * isomorphic-git does it first asks for the server's ref advertisement
 * (`info/refs`, a second request and, on `git http-backend`, two more
 * processes); when the webhook already named the commit, that answer tells
 * nothing a fetch needs. The server checks the want itself: over stateless
 * HTTP it sends a commit that one of its refs reaches (they may have moved
 * since an advertisement) and refuses any other (`PackRequestRefused`).
 *
 * The capabilities asked for (`side-band-64k`, `ofs-delta`, `no-progress`)
 * are ones every git server since 2010 has; a server without them answers
 * otherwise, which is refused the same way. Never a thin pack: isomorphic-git
 * cannot complete one. The pack is written under a temporary name and
 * renamed, then indexed (`indexPack`): a reader lists packs by their index,
 * so it never sees a pack half-written.
 */
export async function requestPack(options: RequestPackOptions): Promise<RequestedPack> {
  const { location } = options;
  const http = createBoundedHttpClient(options.timeoutMs, options.maxBytes);
  const body = encodeUploadPackRequest(options.want, options.haves, options.shallows);
  const response = await http.request({
    url: `${location.url}/git-upload-pack`,
    method: "POST",
    headers: {
      ...authorizationHeaders(location),
      "content-type": "application/x-git-upload-pack-request",
      accept: "application/x-git-upload-pack-result",
      "user-agent": "git/phoenix",
    },
    body: single(body),
  });
  const answer = await readAll(response.body);
  if (response.statusCode !== 200) throw new PackRequestRefused(`HTTP ${response.statusCode}`);
  const contentType = String(response.headers?.["content-type"] ?? "");
  if (!contentType.startsWith("application/x-git-upload-pack-result")) throw new PackRequestRefused(`content type ${contentType}`);
  const pack = readPackFromAnswer(answer);
  const objectCount = pack.readUInt32BE(8);
  if (objectCount === 0) return { file: undefined, objectCount: 0, bytes: pack.length, oids: [] };
  const { file, oids } = await writePack(options.gitdir, pack, options.cache);
  return { file, objectCount, bytes: pack.length, oids };
}

/** `want <sha> <capabilities>`, a `shallow` per shallow commit, a flush, a `have` per commit, `done`: the request body, in pkt-lines. */
export function encodeUploadPackRequest(want: string, haves: readonly string[], shallows: Iterable<string>): Buffer {
  // The want comes from a webhook: nothing but an object id goes into a pkt-line.
  for (const oid of [want, ...haves, ...shallows]) if (!OBJECT_ID.test(oid)) throw new PackRequestRefused(`not an object id: ${JSON.stringify(oid.slice(0, 80))}`);
  const lines = [encodePktLine(`want ${want} side-band-64k ofs-delta no-progress agent=phoenix\n`)];
  for (const shallow of shallows) lines.push(encodePktLine(`shallow ${shallow}\n`));
  lines.push(Buffer.from("0000"));
  for (const have of haves) lines.push(encodePktLine(`have ${have}\n`));
  lines.push(encodePktLine("done\n"));
  return Buffer.concat(lines);
}

function encodePktLine(text: string): Buffer {
  const payload = Buffer.from(text, "utf8");
  return Buffer.concat([Buffer.from((payload.length + 4).toString(16).padStart(4, "0")), payload]);
}

/**
 * The pack in an upload-pack answer: `NAK` or `ACK <sha>` lines (no
 * multi-ack was asked for), then pkt-lines whose first byte is the band —
 * 1 the pack, 2 progress, 3 a fatal error — up to a flush. An `ERR` line
 * anywhere is the server refusing the request.
 */
export function readPackFromAnswer(answer: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let offset = 0;
  let acknowledged = false;
  for (;;) {
    if (offset + 4 > answer.length) throw new PackRequestRefused("the answer ended before its flush");
    const length = Number.parseInt(answer.toString("latin1", offset, offset + 4), 16);
    if (!Number.isInteger(length) || !/^[0-9a-f]{4}$/.test(answer.toString("latin1", offset, offset + 4))) throw new PackRequestRefused("the answer is not in pkt-lines");
    if (length === 0) break;
    if (length < 5 || offset + length > answer.length) throw new PackRequestRefused("a pkt-line of the answer is cut");
    const payload = answer.subarray(offset + 4, offset + length);
    offset += length;
    const text = payload.toString("latin1");
    if (text.startsWith("ERR ")) throw new PackRequestRefused(text.slice(4).trim());
    // Without multi-ack the server acknowledges the first common commit as it reads the haves and
    // again after `done`; no band byte (1-3) is a letter.
    if (ACKNOWLEDGEMENT.test(text) && chunks.length === 0) {
      acknowledged = true;
      continue;
    }
    if (!acknowledged) throw new PackRequestRefused(`unexpected first line ${JSON.stringify(text.slice(0, 40))}`);
    const band = payload[0];
    if (band === 1) chunks.push(payload.subarray(1));
    else if (band === 3) throw new PackRequestRefused(`the server failed: ${payload.subarray(1).toString("utf8").trim()}`);
    else if (band !== 2) throw new PackRequestRefused(`unknown side band ${String(band)}`);
  }
  const pack = Buffer.concat(chunks);
  if (pack.length < PACK_HEADER + SHA1_BYTES || pack.toString("latin1", 0, 4) !== PACK_SIGNATURE) throw new PackRequestRefused("the answer holds no pack");
  const checksum = createHash("sha1").update(pack.subarray(0, pack.length - SHA1_BYTES)).digest();
  if (!checksum.equals(pack.subarray(pack.length - SHA1_BYTES))) throw new PackRequestRefused("the pack's checksum does not match");
  return pack;
}

/** `objects/pack/pack-<checksum>.pack` and its index: the path relative to the git directory and the objects indexed. */
async function writePack(gitdir: string, pack: Buffer, cache: object): Promise<{ readonly file: string; readonly oids: readonly string[] }> {
  const name = `pack-${pack.subarray(pack.length - SHA1_BYTES).toString("hex")}`;
  const relative = path.join("objects", "pack", `${name}.pack`);
  const file = path.join(gitdir, relative);
  // The same pack fetched before (same checksum, same objects): its index is already here.
  const held = await readFile(file.replace(/\.pack$/, ".idx")).then(readIndexOids, () => undefined);
  if (held !== undefined) return { file: relative, oids: held };
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, pack);
  await rename(temporary, file);
  const { oids } = await indexPack({ fs, dir: gitdir, gitdir, filepath: relative, cache });
  return { file: relative, oids };
}

async function readAll(body: AsyncIterableIterator<Uint8Array> | undefined): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  if (body !== undefined) for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* single(buffer: Buffer): AsyncIterableIterator<Uint8Array> {
  yield buffer;
}
