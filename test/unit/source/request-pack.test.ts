import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodeUploadPackRequest, PackRequestRefused, readPackFromAnswer } from "../../../src/source/request-pack.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);

function pkt(payload: string | Buffer): Buffer {
  const data = typeof payload === "string" ? Buffer.from(payload, "latin1") : payload;
  return Buffer.concat([Buffer.from((data.length + 4).toString(16).padStart(4, "0")), data]);
}

/** A pack of `count` objects as far as the reader looks: signature, version, count, checksum. */
function fakePack(count: number): Buffer {
  const header = Buffer.alloc(12);
  header.write("PACK", 0, "latin1");
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(count, 8);
  const body = Buffer.concat([header, Buffer.from("objects")]);
  return Buffer.concat([body, createHash("sha1").update(body).digest()]);
}

const band = (n: number, data: Buffer) => pkt(Buffer.concat([Buffer.from([n]), data]));

describe("the one-request upload-pack body", () => {
  it("wants the commit with its capabilities, names the shallow commits, offers the haves, and is done", () => {
    expect(encodeUploadPackRequest(A, [B, C], [C]).toString("latin1")).toBe(
      [
        `0064want ${A} side-band-64k ofs-delta no-progress agent=phoenix\n`,
        `0035shallow ${C}\n`,
        "0000",
        `0032have ${B}\n`,
        `0032have ${C}\n`,
        "0009done\n",
      ].join(""),
    );
  });

  it("takes nothing but object ids into its lines", () => {
    for (const bad of [`${A}\n0000`, "HEAD", A.toUpperCase(), `${A} deepen 1`]) {
      expect(() => encodeUploadPackRequest(bad, [B], [])).toThrow(PackRequestRefused);
      expect(() => encodeUploadPackRequest(A, [bad], [])).toThrow(PackRequestRefused);
      expect(() => encodeUploadPackRequest(A, [B], [bad])).toThrow(PackRequestRefused);
    }
  });
});

describe("reading the pack from an upload-pack answer", () => {
  const pack = fakePack(3);

  it("joins side band 1 after the NAK, skips progress, stops at the flush", () => {
    const answer = Buffer.concat([pkt("NAK\n"), band(2, Buffer.from("Counting objects\n")), band(1, pack.subarray(0, 10)), band(1, pack.subarray(10)), Buffer.from("0000")]);
    expect(readPackFromAnswer(answer).equals(pack)).toBe(true);
    const acked = Buffer.concat([pkt(`ACK ${B}\n`), pkt(`ACK ${B}\n`), band(1, pack), Buffer.from("0000")]);
    expect(readPackFromAnswer(acked).equals(pack)).toBe(true);
  });

  it.each([
    ["a refused want", Buffer.concat([pkt(`ERR upload-pack: not our ref ${A}`)]), /not our ref/],
    ["a fatal error on band 3", Buffer.concat([pkt("NAK\n"), band(3, Buffer.from("pack-objects died")), Buffer.from("0000")]), /pack-objects died/],
    ["no acknowledgement first", Buffer.concat([band(1, pack), Buffer.from("0000")]), /unexpected first line/],
    ["an answer cut short", Buffer.concat([pkt("NAK\n"), band(1, pack)]).subarray(0, 30), /cut|ended/],
    ["no flush", Buffer.concat([pkt("NAK\n"), band(1, pack)]), /ended before its flush/],
    ["not pkt-lines", Buffer.from("<html>sign in</html>"), /not in pkt-lines/],
    ["a pack with a wrong checksum", Buffer.concat([pkt("NAK\n"), band(1, Buffer.concat([pack.subarray(0, -1), Buffer.from([0])])), Buffer.from("0000")]), /checksum/],
    ["no pack at all", Buffer.concat([pkt("NAK\n"), Buffer.from("0000")]), /no pack/],
  ])("refuses %s, so that the usual fetch runs instead", (_name, answer, reason) => {
    expect(() => readPackFromAnswer(answer)).toThrow(PackRequestRefused);
    expect(() => readPackFromAnswer(answer)).toThrow(reason);
  });
});
