import { LRUCache } from "lru-cache";
import type { ComposeCompat } from "../types.js";
import { parseComposeYaml, type ParsedComposeYaml } from "./parse-compose-yaml.js";

/** Enough for every compose file of a large repo in both CLI dialects. */
const MAX_ENTRIES = 2048;

/**
 * Decoded values kept in all (a few hundred bytes each with their
 * positions): a large repo's files many times over, while a repo of
 * files that each expand to the 100,000-value limit cannot pin gigabytes.
 */
const MAX_CACHED_VALUES = 500_000;

// sizeCalculation needs a positive size: an empty document still takes an entry.
const cache = new LRUCache<string, ParsedComposeYaml>({ max: MAX_ENTRIES, maxSize: MAX_CACHED_VALUES, sizeCalculation: (parsed) => Math.max(1, parsed.valueCount) });

/**
 * `parseComposeYaml`, remembered by (dialect, text). A stack is loaded once
 * per environment and a long-running controller plans the same files again
 * and again; YAML parsing is most of the load, and its result depends on the
 * text alone. The result is never mutated after parsing (interpolation and
 * loading build new values), so sharing it is safe. Least recently used
 * entries are dropped first, by count and by decoded values.
 */
export function parseComposeYamlCached(text: string, compat: ComposeCompat): ParsedComposeYaml {
  const key = `${compat}\n${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const parsed = parseComposeYaml(text, compat);
  // A document larger than the whole budget is parsed, not kept.
  if (parsed.valueCount <= MAX_CACHED_VALUES) cache.set(key, parsed);
  return parsed;
}
