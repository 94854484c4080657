/**
 * Go's `text/tabwriter` (go1.23) for the one configuration docker/cli uses,
 * `tabwriter.NewWriter(out, minwidth, 1, padding, ' ', 0)`: tab-terminated
 * cells are padded with spaces to the widest cell of their column block plus
 * `padding`, at least `minwidth`; the last cell of a line is not padded; a
 * line without tabs ends the column blocks above it (elastic tabstops).
 * Widths count runes (20.10's text/tabwriter; 23.0+'s fork counts East Asian
 * wide runes twice, which this does not).
 */

interface Cell {
  readonly text: string;
  readonly width: number;
  /** Terminated by a tab (not the last cell of its line). */
  readonly htab: boolean;
}

export interface TabwriterOptions {
  readonly minWidth: number;
  readonly padding: number;
}

/** Formats the whole of `text` (as `Write` then `Flush`). */
export function formatTabs(text: string, options: TabwriterOptions): string {
  const lines: Cell[][] = [];
  let out = "";
  let line: Cell[] = [];
  let cell = "";
  const flush = () => {
    out += formatBlock(lines, options);
    lines.length = 0;
  };
  for (const char of text) {
    if (char === "\t") {
      line.push({ text: cell, width: [...cell].length, htab: true });
      cell = "";
    } else if (char === "\n") {
      line.push({ text: cell, width: [...cell].length, htab: false });
      lines.push(line);
      const cells = line.length;
      line = [];
      cell = "";
      // A line of one cell ends every column block: what came before is laid out on its own.
      if (cells === 1) flush();
    } else cell += char;
  }
  line.push({ text: cell, width: [...cell].length, htab: false });
  lines.push(line);
  out += formatBlock(lines, options);
  // The buffered last line carries no newline (Flush writes none for it).
  return out.endsWith("\n") ? out.slice(0, -1) : out;
}

/** Lays out the buffered lines, each followed by a newline. */
function formatBlock(lines: readonly (readonly Cell[])[], options: TabwriterOptions): string {
  if (lines.length === 0) return "";
  const widths: number[] = [];
  let out = "";
  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const line = lines[i] ?? [];
      line.forEach((c, j) => {
        out += c.text;
        const width = widths[j];
        if (j < widths.length && width !== undefined) out += " ".repeat(Math.max(0, width - c.width));
      });
      out += "\n";
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let current = line0; current < line1; current += 1) {
      if (column >= (lines[current]?.length ?? 0) - 1) continue;
      writeLines(line0, current);
      line0 = current;
      let width = options.minWidth;
      for (; current < line1; current += 1) {
        const line = lines[current] ?? [];
        if (column >= line.length - 1) break;
        width = Math.max(width, (line[column]?.width ?? 0) + options.padding);
      }
      widths.push(width);
      format(line0, current);
      widths.pop();
      line0 = current;
    }
    writeLines(line0, line1);
  };
  format(0, lines.length);
  return out;
}
