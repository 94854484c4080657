/**
 * Fits a Markdown comment under a length limit without breaking it: whole
 * `<details>` blocks are dropped (largest first), then the rows of lists are
 * cut from the end (the last list first), and only then, as a last resort,
 * the remaining text is cut at a line break. A fence or a details block is
 * never cut open, and a note says what was left out.
 */

export type CommentPart =
  /** Always kept. */
  | { readonly kind: "text"; readonly text: string }
  /** A heading line and rows; rows are cut from the end, `more` says how many were. */
  | { readonly kind: "rows"; readonly head: string; readonly rows: readonly string[]; readonly more: (hidden: number) => string }
  /** A self-contained block, dropped whole; `label` names it in the note. */
  | { readonly kind: "details"; readonly label: string; readonly text: string }
  /** Where the note about dropped parts goes (nothing when nothing was dropped). */
  | { readonly kind: "omitted" };

export interface FitOptions {
  readonly maxLength: number;
  /** The note, given the labels of the dropped blocks (document order) and whether rows were cut. */
  readonly describeOmitted: (labels: readonly string[], rowsCut: boolean) => string;
}

const SEPARATOR = "\n\n";
const LAST_RESORT = "\n\n… (cut to fit the comment limit)";

export function fitMarkdownComment(parts: readonly CommentPart[], options: FitOptions): string {
  const dropped = new Set<number>();
  const limits = new Map<number, number>();
  const rowsCut = () => [...limits].some(([i, limit]) => limit < rowCount(parts[i]));
  const note = () => {
    const labels = parts.flatMap((part, i) => (part.kind === "details" && dropped.has(i) ? [part.label] : []));
    return labels.length > 0 || rowsCut() ? options.describeOmitted(labels, rowsCut()) : "";
  };
  const render = (part: CommentPart, i: number): string => {
    switch (part.kind) {
      case "text":
        return part.text;
      case "details":
        return dropped.has(i) ? "" : part.text;
      case "omitted":
        return note();
      case "rows": {
        if (part.rows.length === 0) return "";
        const limit = limits.get(i) ?? part.rows.length;
        const hidden = part.rows.length - limit;
        return [part.head, ...part.rows.slice(0, limit), ...(hidden > 0 ? [part.more(hidden)] : [])].join("\n");
      }
    }
  };
  const rendered = () => parts.map(render).filter((t) => t !== "");
  // Measured without rendering: a huge plan has thousands of blocks, and the length is taken again and again.
  const prefixes = new Map(parts.map((part, i) => [i, part.kind === "rows" ? prefixSums(part.rows) : []]));
  const measure = (part: CommentPart, i: number): number => {
    switch (part.kind) {
      case "text":
        return part.text.length;
      case "details":
        return dropped.has(i) ? 0 : part.text.length;
      case "omitted":
        return note().length;
      case "rows": {
        if (part.rows.length === 0) return 0;
        const limit = limits.get(i) ?? part.rows.length;
        const hidden = part.rows.length - limit;
        return part.head.length + (prefixes.get(i)?.[limit] ?? 0) + (hidden > 0 ? 1 + part.more(hidden).length : 0);
      }
    }
  };
  const length = () => {
    const sizes = parts.map(measure).filter((n) => n > 0);
    return sizes.reduce((n, size) => n + size, 0) + SEPARATOR.length * Math.max(0, sizes.length - 1);
  };

  const bySize = parts
    .map((part, i) => ({ part, i }))
    .filter((e) => e.part.kind === "details")
    .sort((a, b) => (b.part as { text: string }).text.length - (a.part as { text: string }).text.length || a.i - b.i);
  // Drop by the running estimate and measure again only when it says "fits": the note grows as blocks go.
  let excess = length() - options.maxLength;
  for (const { part, i } of bySize) {
    if (excess <= 0) excess = length() - options.maxLength;
    if (excess <= 0) break;
    dropped.add(i);
    excess -= (part as { text: string }).text.length + SEPARATOR.length;
  }
  const lists = parts.map((part, i) => ({ part, i })).filter((e) => e.part.kind === "rows").reverse();
  for (const { part, i } of lists) {
    if (length() <= options.maxLength) break;
    limits.set(i, largestFittingLimit(rowCount(part), (limit) => {
      limits.set(i, limit);
      return length() <= options.maxLength;
    }));
  }
  const text = rendered().join(SEPARATOR);
  if (text.length <= options.maxLength) return text;
  const cut = text.lastIndexOf("\n", options.maxLength - LAST_RESORT.length);
  return `${text.slice(0, Math.max(0, cut))}${LAST_RESORT}`;
}

/** sums[k] = length of the first k rows, each with the line break before it. */
function prefixSums(rows: readonly string[]): number[] {
  const sums = [0];
  for (const row of rows) sums.push((sums[sums.length - 1] ?? 0) + 1 + row.length);
  return sums;
}

function rowCount(part: CommentPart | undefined): number {
  return part?.kind === "rows" ? part.rows.length : 0;
}

/** The largest n in [0, max] with fits(n), assuming fits is monotonic; 0 when none fits. */
function largestFittingLimit(max: number, fits: (n: number) => boolean): number {
  let low = 0;
  let high = max;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}
