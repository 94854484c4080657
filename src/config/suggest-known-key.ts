/**
 * "Did you mean" for a key a schema does not declare, shared by the JSON
 * config files and `.github/phoenix.yml`: the known key with the same words
 * (`resolve_image` → `resolveImage`), else the nearest one by edit distance
 * (`docker_stack` → `docker_stacks`), as git and cargo suggest commands.
 */
export interface KeySuggestion {
  readonly key: string;
  /** The same words in another case or separator style: only the spelling convention differs. */
  readonly sameWords: boolean;
}

/** Edits allowed for a key of `length` characters: one for short keys, a third of longer ones. */
export function maxSuggestionDistance(length: number): number {
  return length <= 4 ? 1 : Math.min(3, Math.floor(length / 3));
}

export function suggestKnownKey(key: string, known: readonly string[]): KeySuggestion | undefined {
  const words = normalizeWords(key);
  const same = known.filter((k) => k !== key && normalizeWords(k) === words);
  if (same.length === 1 && same[0] !== undefined) return { key: same[0], sameWords: true };
  let best: { key: string; distance: number } | undefined;
  const limit = maxSuggestionDistance(key.length);
  for (const candidate of known) {
    if (candidate === key) continue;
    const distance = measureEditDistance(key.toLowerCase(), candidate.toLowerCase(), limit);
    // Ties keep the first in declaration order: the schema lists the common keys first.
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { key: candidate, distance };
  }
  return best ? { key: best.key, sameWords: false } : undefined;
}

function normalizeWords(key: string): string {
  return key.toLowerCase().replace(/[_\-.\s]+/g, "");
}

/**
 * Optimal string alignment distance (insertions, deletions, substitutions and
 * swaps of neighbours each cost one); stops early past `limit`, so a long
 * unknown key costs no more than a short one.
 */
export function measureEditDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
