/**
 * Content identity of a secret or config: what the swarm refuses to update in
 * place (`only updates to Labels are allowed`, moby/moby#33808). Phoenix names
 * rotated objects after this hash and records it in a label, because the
 * daemon never returns a secret's data.
 */
import { createHash } from "node:crypto";
import type { StringMap } from "../../engine/engine-service-spec.js";

export interface FileObjectContent {
  /** Base64 of the bytes. */
  readonly Data?: string;
  readonly Driver?: { readonly Name: string; readonly Options?: StringMap };
  readonly Templating?: { readonly Name: string; readonly Options?: StringMap };
}

/** Length of the hash suffix of rotated names: `<name>-<10 hex digits>`. */
export const SHORT_HASH_LENGTH = 10;

/** sha256 (hex) of the decoded data and the driver/templating settings. */
export function hashFileObjectContent(content: FileObjectContent): string {
  const settings = JSON.stringify({
    driver: content.Driver ? { name: content.Driver.Name, options: sortKeys(content.Driver.Options) } : null,
    templating: content.Templating ? { name: content.Templating.Name, options: sortKeys(content.Templating.Options) } : null,
  });
  return createHash("sha256")
    .update(settings)
    .update("\0")
    .update(Buffer.from(content.Data ?? "", "base64"))
    .digest("hex");
}

/** `<logical name>-<short content hash>`, the name of a rotated secret or config. */
export function rotatedObjectName(logicalName: string, contentHash: string): string {
  return `${logicalName}-${contentHash.slice(0, SHORT_HASH_LENGTH)}`;
}

function sortKeys(map: StringMap | undefined): Record<string, string> | null {
  if (map === undefined) return null;
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
