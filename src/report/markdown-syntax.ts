/**
 * GitHub-flavoured Markdown building blocks that cannot be broken by what
 * they contain: a backtick in a value, a fence in a diff, a `|` in a table
 * cell, a `<` in a summary.
 */

/** An inline code span whose delimiter is longer than any backtick run inside. */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text === "" ? " " : "";
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run at a line start inside. */
export function codeFence(content: string, language = ""): string {
  const longest = Math.max(2, ...[...content.matchAll(/^ {0,3}(`{3,})/gm)].map((m) => (m[1] ?? "").length));
  const fence = "`".repeat(longest + 1);
  const body = content.endsWith("\n") ? content : `${content}\n`;
  return `${fence}${language}\n${body}${fence}`;
}

/** A collapsed block; `summaryHtml` is HTML (escape what it quotes), the body Markdown. */
export function detailsBlock(summaryHtml: string, body: string): string {
  return `<details><summary>${summaryHtml}</summary>\n\n${body}\n\n</details>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** `<code>` for HTML contexts such as `<summary>`, where backticks are not rendered everywhere. */
export function htmlCode(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}

/** Table cells are one line and `|` ends them. */
export function escapeTableCell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

/** A GitHub table: header, alignment row, one line per row. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeTableCell).join(" | ")} |`;
  return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)];
}
