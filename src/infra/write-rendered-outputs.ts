import { randomBytes } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { lstat, mkdir, open, readFile, rename, rm, unlink } from "node:fs/promises";
import path from "node:path";
import { InfraError } from "../errors.js";
import { formatRenderManifest, hashContent, isRenderRelativePath, parseRenderManifest, RENDER_MANIFEST_FILE, RENDER_MANIFEST_MAX_BYTES, type RenderManifest } from "./render-manifest.js";
import type { InfraOutputId, RenderedOutput } from "./rendered-output.js";

/** The directory of each output under `phoenix render --out`. */
export const OUTPUT_DIRECTORIES: Record<InfraOutputId, string> = {
  dns: "dnsmasq",
  firewall: "firewall",
  traefik: "traefik",
  nginx: "nginx",
};

export interface WrittenFile {
  readonly output: InfraOutputId;
  /** Relative to the out directory. */
  readonly path: string;
  readonly bytes: number;
}

export interface RenderedOutputsWrite {
  readonly written: WrittenFile[];
  /** Files an earlier render wrote and this one no longer renders (a removed guest's `.fw`), removed. */
  readonly removed: string[];
  /** Such files that were changed since Phoenix wrote them: someone else's now, so kept. */
  readonly kept: string[];
}

/** The out directory holds something at a path Phoenix wants that Phoenix did not write: nothing was written. */
export class RenderOutConflictError extends InfraError {
  readonly problems: readonly string[];

  constructor(outDir: string, problems: readonly string[]) {
    super("apply", "RENDER_OUT_CONFLICT", `${outDir}: nothing written: ${problems.length} path${problems.length === 1 ? "" : "s"} not Phoenix's to write`, {
      hint: `phoenix render writes only files it recorded in ${RENDER_MANIFEST_FILE}: move the listed paths away, or render into an empty directory`,
    });
    this.problems = problems;
  }
}

type Entry = { readonly kind: "missing" } | { readonly kind: "file"; readonly hash: string } | { readonly kind: "foreign"; readonly problem: string };

/**
 * Writes every rendered file under `outDir/<output dir>/`, and only those:
 * a path that holds a file Phoenix did not write (per the manifest, or with
 * exactly the content it renders now), a directory, or a symlink anywhere on
 * the way is refused before anything is written. A file an earlier render
 * wrote and this one no longer renders is removed when it still holds what
 * Phoenix wrote. Nothing is ever removed recursively and no symlink is
 * followed below `outDir`.
 */
export async function writeRenderedOutputs(outDir: string, outputs: readonly RenderedOutput[]): Promise<RenderedOutputsWrite> {
  await mkdir(outDir, { recursive: true });
  const problems: string[] = [];
  const manifest = await readManifest(outDir, problems);

  const desired = new Map<string, { output: InfraOutputId; content: string }>();
  for (const output of outputs)
    for (const file of output.files) {
      const relative = path.posix.join(OUTPUT_DIRECTORIES[output.id], file.name);
      if (!isRenderRelativePath(relative)) problems.push(`${relative}: not a plain relative file name`);
      else desired.set(relative, { output: output.id, content: file.content });
    }

  for (const [relative, { content }] of desired) {
    const entry = await inspect(outDir, relative);
    if (entry.kind === "foreign") problems.push(entry.problem);
    else if (entry.kind === "file" && entry.hash !== manifest.get(relative) && entry.hash !== hashContent(content))
      problems.push(`${relative}: ${manifest.has(relative) ? "changed since phoenix render wrote it" : "exists and was not written by phoenix render"}`);
  }

  const removable: string[] = [];
  const kept: string[] = [];
  for (const [relative, hash] of manifest) {
    if (desired.has(relative)) continue;
    const entry = await inspect(outDir, relative);
    if (entry.kind === "file" && entry.hash === hash) removable.push(relative);
    else if (entry.kind !== "missing") kept.push(relative);
  }
  if (problems.length > 0) throw new RenderOutConflictError(outDir, problems);

  const written: WrittenFile[] = [];
  const recorded = new Map<string, string>();
  for (const [relative, { output, content }] of desired) {
    await writeOwnFile(outDir, relative, content);
    recorded.set(relative, hashContent(content));
    written.push({ output, path: relative, bytes: Buffer.byteLength(content) });
  }
  for (const relative of removable) await unlink(path.join(outDir, ...relative.split("/")));
  await writeOwnFile(outDir, RENDER_MANIFEST_FILE, formatRenderManifest(recorded));
  return { written, removed: removable, kept };
}

/** The manifest of an earlier render; a path that is not one counts as a conflict (it is not Phoenix's to replace). */
async function readManifest(outDir: string, problems: string[]): Promise<RenderManifest> {
  const file = path.join(outDir, RENDER_MANIFEST_FILE);
  const stats = await lstatOrUndefined(file);
  if (stats === undefined) return new Map();
  if (!stats.isFile()) {
    problems.push(`${RENDER_MANIFEST_FILE}: ${describeForeign(stats)}`);
    return new Map();
  }
  const manifest = stats.size > RENDER_MANIFEST_MAX_BYTES ? undefined : parseRenderManifest(await readFile(file, "utf8"));
  if (manifest === undefined) problems.push(`${RENDER_MANIFEST_FILE}: exists and is not a manifest phoenix render wrote`);
  return manifest ?? new Map();
}

/** What is at `relative` under `outDir`, looking at every directory on the way without following a symlink. */
async function inspect(outDir: string, relative: string): Promise<Entry> {
  const segments = relative.split("/");
  for (let i = 1; i <= segments.length; i++) {
    const stats = await lstatOrUndefined(path.join(outDir, ...segments.slice(0, i)));
    if (stats === undefined) return { kind: "missing" };
    const last = i === segments.length;
    if (last && stats.isFile()) return { kind: "file", hash: hashContent(await readFile(path.join(outDir, ...segments))) };
    if (last || !stats.isDirectory()) {
      const culprit = segments.slice(0, i).join("/");
      return { kind: "foreign", problem: last ? `${relative}: ${describeForeign(stats)}` : `${relative}: ${culprit} ${describeForeign(stats)}` };
    }
  }
  return { kind: "missing" };
}

function describeForeign(stats: Stats): string {
  if (stats.isSymbolicLink()) return "is a symlink: phoenix render does not write through links";
  if (stats.isDirectory()) return "is a directory";
  return stats.isFile() ? "is a file where phoenix render needs a directory" : "is not a regular file";
}

/**
 * Creates the missing directories one level at a time (a level that exists
 * must be a real directory), writes a fresh temporary file that cannot be a
 * link (O_EXCL | O_NOFOLLOW), and renames it into place.
 */
async function writeOwnFile(outDir: string, relative: string, content: string): Promise<void> {
  const segments = relative.split("/");
  for (let i = 1; i < segments.length; i++) {
    const dir = path.join(outDir, ...segments.slice(0, i));
    try {
      await mkdir(dir);
    } catch (err) {
      if ((err as { code?: string }).code !== "EEXIST") throw err;
      const stats = await lstat(dir);
      if (!stats.isDirectory()) throw new RenderOutConflictError(outDir, [`${segments.slice(0, i).join("/")} ${describeForeign(stats)}`]);
    }
  }
  const file = path.join(outDir, ...segments);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.phoenix-${randomBytes(6).toString("hex")}`);
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    await handle.writeFile(content, "utf8");
  } finally {
    await handle.close();
  }
  try {
    const now = await lstatOrUndefined(file);
    if (now !== undefined && !now.isFile()) throw new RenderOutConflictError(outDir, [`${relative} ${describeForeign(now)}`]);
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

async function lstatOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await lstat(file);
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return undefined;
    throw err;
  }
}
