import type { LineCounter } from "yaml";

/**
 * Where a diagnostic points: 1-based line and column. JSON files count their
 * own line starts; YAML files get them from the `yaml` parser's LineCounter,
 * which the parser fills while it reads. Both end here, so every file type
 * reports the same kind of position.
 */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** One path step inside a document: an object key or a list index. */
export type PathStep = string | number;

/** The offset at which each line starts (line 1 at offset 0); lines end at `\n`. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** The line and column of `offset`, found by binary search over `computeLineStarts`. */
export function offsetToPosition(lineStarts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
}

/** The line and column of `offset` in a YAML text the `yaml` parser read with `lines`. */
export function yamlOffsetToPosition(lines: LineCounter, offset: number): Position {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** The start offset of a `yaml` node (its `range[0]`), if it has one. */
export function yamlNodeStart(node: unknown): number | undefined {
  const range = (node as { range?: readonly number[] } | null | undefined)?.range;
  return range?.[0];
}
