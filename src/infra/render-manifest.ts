import { createHash } from "node:crypto";

/**
 * `phoenix render --out DIR` records what it wrote in `DIR/.phoenix-render.json`:
 * each file (relative to DIR) with the SHA-256 of the content it wrote. Only
 * a listed file that still holds that content is Phoenix's to overwrite or
 * remove; everything else in DIR belongs to someone else.
 */

export const RENDER_MANIFEST_FILE = ".phoenix-render.json";

/** Far above any real render (a few hundred files), far below a memory problem. */
export const RENDER_MANIFEST_MAX_BYTES = 1024 * 1024;

const MANIFEST_VERSION = 1;

/** Relative path → SHA-256 (hex) of the content Phoenix wrote there. */
export type RenderManifest = ReadonlyMap<string, string>;

/** `dnsmasq/dnsmasq.d/00-phoenix-internal.conf`: plain segments only, so joining it to DIR never leaves DIR. */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

export function isRenderRelativePath(relative: string): boolean {
  return relative.length <= 255 && relative.split("/").every((segment) => SEGMENT.test(segment));
}

export function hashContent(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

/** The manifest in `text`, or undefined when it is not one Phoenix wrote (then nothing in DIR counts as Phoenix's). */
export function parseRenderManifest(text: string): RenderManifest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { version, files } = value as { version?: unknown; files?: unknown };
  if (version !== MANIFEST_VERSION || typeof files !== "object" || files === null || Array.isArray(files)) return undefined;
  const entries = Object.entries(files as Record<string, unknown>);
  if (!entries.every(([file, hash]) => isRenderRelativePath(file) && typeof hash === "string" && /^[0-9a-f]{64}$/.test(hash))) return undefined;
  return new Map(entries as [string, string][]);
}

export function formatRenderManifest(manifest: RenderManifest): string {
  const files = Object.fromEntries([...manifest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify({ writtenBy: "phoenix render", version: MANIFEST_VERSION, files }, null, 2) + "\n";
}
