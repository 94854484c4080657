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
