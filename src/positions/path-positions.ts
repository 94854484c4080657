import type { PathStep, Position } from "./position.js";

function keyOf(path: readonly PathStep[]): string {
  return path.map(String).join("\u0000");
}

/**
 * Where each value (and each mapping key) of a parsed document starts, by
 * path. Lookups fall back to the nearest ancestor, so a value created by the
 * loader (a default, a cast) still points at the YAML that produced it.
 */
export class SourcePositions {
  private readonly values = new Map<string, Position>();
  private readonly keys = new Map<string, Position>();

  setValue(path: readonly PathStep[], position: Position): void {
    this.values.set(keyOf(path), position);
  }

  setKey(path: readonly PathStep[], position: Position): void {
    this.keys.set(keyOf(path), position);
  }

  /** Position of the value at `path`, or of its nearest ancestor. */
  value(path: readonly PathStep[]): Position | undefined {
    for (let length = path.length; length >= 0; length--) {
      const found = this.values.get(keyOf(path.slice(0, length)));
      if (found) return found;
    }
    return undefined;
  }

  /** Position of the mapping key that names `path` (the value's position for list items). */
  key(path: readonly PathStep[]): Position | undefined {
    return this.keys.get(keyOf(path)) ?? this.value(path);
  }
}
