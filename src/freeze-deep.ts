/**
 * Freezes a value and everything reachable from it (plain objects, arrays,
 * maps' and sets' entries are left as they are: freezing does not stop
 * `Map.set`). For results a cache hands to more than one caller: a caller
 * that tried to change one throws (ESM code is strict) instead of changing
 * what the next caller gets.
 */
export function freezeDeep<T>(value: T): T {
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== "object" || seen.has(v) || Object.isFrozen(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) return;
    if (v instanceof Map) {
      for (const [k, item] of v) {
        visit(k);
        visit(item);
      }
    } else if (v instanceof Set) {
      for (const item of v) visit(item);
    } else {
      for (const item of Object.values(v)) visit(item);
    }
    Object.freeze(v);
  };
  visit(value);
  return value;
}

/**
 * Results kept per owner object and key, frozen with `freezeDeep`: for
 * values computed from an object that never changes once built (a loaded
 * state, a kept compose project), dropped with their owner.
 */
export function createObjectMemo<K extends object, V>(): (owner: K, key: string, compute: () => V) => V {
  const byOwner = new WeakMap<K, Map<string, V>>();
  return (owner, key, compute) => {
    let kept = byOwner.get(owner);
    if (kept === undefined) {
      kept = new Map();
      byOwner.set(owner, kept);
    }
    if (kept.has(key)) return kept.get(key) as V;
    const value = freezeDeep(compute());
    kept.set(key, value);
    return value;
  };
}
