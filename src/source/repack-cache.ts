import fs from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { indexPack, packObjects } from "isomorphic-git";

/**
 * Packs in a cache before they are merged into one. Every fetch that brings
 * something adds a pack, and isomorphic-git lists the pack directory and
 * looks through every index on each object read: a plan slowed from 115 to
 * 176 ms over 100 deliveries before this.
 */
export const REPACK_THRESHOLD = 16;

/** The version-2 pack index magic (`\377tOc`) and version. */
const IDX_MAGIC = 0xff744f63;
const IDX_HEADER = 8;
const FANOUT_BYTES = 256 * 4;

export interface RepackResult {
  /** Packs merged (and removed). */
  readonly packs: number;
  readonly objects: number;
}

/**
 * Merges the packs of a cache repository when there are at least
 * `threshold`; undefined when there were fewer. Geometric, as `git repack
 * --geometric=2` is: the largest pack (the first clone's tree) stays as it
 * is while the others together hold fewer than half its objects, so a
 * repack costs what was fetched since, not the whole repository. The new
 * pack is written and indexed before the old ones go, and `onRemoved` runs
 * (synchronously, in the same turn as the removal) so that the object store
 * drops what it cached of them: a reader either finds the old packs or
 * retries on the new one. Must run where no fetch writes into the repository
 * (its repo lock).
 */
export async function repackCache(gitdir: string, onRemoved: () => void, threshold = REPACK_THRESHOLD): Promise<RepackResult | undefined> {
  const packDir = path.join(gitdir, "objects", "pack");
  const indexes = (await readdir(packDir).catch(() => [])).filter((f) => f.endsWith(".idx"));
  if (indexes.length < threshold) return undefined;
  const listed: { readonly base: string; readonly oids: readonly string[] }[] = [];
  for (const index of indexes) {
    const oids = readIndexOids(await readFile(path.join(packDir, index)));
    if (oids === undefined) return undefined;
    listed.push({ base: index.replace(/\.idx$/, ""), oids });
  }
  listed.sort((a, b) => b.oids.length - a.oids.length);
  const [largest, ...rest] = listed;
  const restObjects = rest.reduce((sum, p) => sum + p.oids.length, 0);
  const merged = largest !== undefined && restObjects * 2 < largest.oids.length ? rest : listed;
  const oids = new Set(merged.flatMap((p) => p.oids));
  const { filename } = await packObjects({ fs, gitdir, oids: [...oids], write: true });
  await indexPack({ fs, dir: gitdir, gitdir, filepath: path.join("objects", "pack", filename) });
  const kept = filename.replace(/\.pack$/, "");
  const old = merged.map((p) => p.base).filter((base) => base !== kept);
  // One synchronous turn: no read can start between the removal and the store forgetting the old packs.
  for (const base of old) for (const ext of [".idx", ".pack"]) fs.rmSync(path.join(packDir, base + ext), { force: true });
  onRemoved();
  return { packs: old.length, objects: oids.size };
}

/** The object ids a version-2 pack index lists; undefined for another version (left alone). */
export function readIndexOids(idx: Buffer): string[] | undefined {
  if (idx.length < IDX_HEADER + FANOUT_BYTES || idx.readUInt32BE(0) !== IDX_MAGIC || idx.readUInt32BE(4) !== 2) return undefined;
  const count = idx.readUInt32BE(IDX_HEADER + FANOUT_BYTES - 4);
  const start = IDX_HEADER + FANOUT_BYTES;
  const oids: string[] = [];
  for (let i = 0; i < count; i += 1) oids.push(idx.toString("hex", start + i * 20, start + (i + 1) * 20));
  return oids;
}
