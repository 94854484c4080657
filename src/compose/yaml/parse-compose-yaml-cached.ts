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

const cache = new Map<string, ParsedComposeYaml>();
let cachedValues = 0;

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
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const parsed = parseComposeYaml(text, compat);
  if (parsed.valueCount > MAX_CACHED_VALUES) return parsed;
  cache.set(key, parsed);
  cachedValues += parsed.valueCount;
  for (const [oldKey, old] of cache) {
    if (cache.size <= MAX_ENTRIES && cachedValues <= MAX_CACHED_VALUES) break;
    cache.delete(oldKey);
    cachedValues -= old.valueCount;
  }
  return parsed;
}
