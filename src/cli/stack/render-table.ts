/**
 * The docker CLI's table layout: Go `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`
 * — every column but the last padded to max(widest cell + 3, 10).
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(10, ...all.map((row) => (row[column] ?? "").length + 3)));
  return all
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 10)))
        .join("")
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join("");
}

/** `sortorder.Natural` (vbom.ml/util): runs of digits compare as numbers. */
export function compareNatural(a: string, b: string): number {
  const chunks = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const left = chunks(a);
  const right = chunks(b);
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const x = left[i] ?? "";
    const y = right[i] ?? "";
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const difference = Number(x) - Number(y);
      if (difference !== 0) return difference;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return left.length - right.length;
}

/** Image without its `@sha256:…` pin, as `docker service ls`/`ps` show it. */
export function stripDigest(image: string): string {
  const at = image.indexOf("@");
  return at === -1 ? image : image.slice(0, at);
}
