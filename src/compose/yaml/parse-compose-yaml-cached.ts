import { LRUCache } from "lru-cache";
import type { ComposeCompat } from "../types.js";
import { parseComposeYaml, type ParsedComposeYaml } from "./parse-compose-yaml.js";

/** Enough for every compose file of a large repo in both CLI dialects. */
const MAX_ENTRIES = 2048;

const cache = new LRUCache<string, ParsedComposeYaml>({ max: MAX_ENTRIES });

/**
 * `parseComposeYaml`, remembered by (dialect, text). A stack is loaded once
 * per environment and a long-running controller plans the same files again
 * and again; YAML parsing is most of the load, and its result depends on the
 * text alone. The result is never mutated after parsing (interpolation and
 * loading build new values), so sharing it is safe. Least recently used
 * entries are dropped first.
 */
export function parseComposeYamlCached(text: string, compat: ComposeCompat): ParsedComposeYaml {
  const key = `${compat}\n${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const parsed = parseComposeYaml(text, compat);
  cache.set(key, parsed);
  return parsed;
}
