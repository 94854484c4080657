/** One directive of an NGINX configuration; a block directive has children. */
export interface NginxDirective {
  readonly name: string;
  readonly args: readonly string[];
  readonly children?: readonly NginxDirective[];
}

/**
 * Reads NGINX configuration text the way nginx's own parser splits it
 * (ngx_conf_read_token): words separated by whitespace, `;` ends a directive,
 * `{` `}` open and close a block, `#` at the start of a word comments out the
 * rest of the line, quotes and `\` keep special characters inside one word.
 * Throws on what nginx would refuse (an unclosed block or quote).
 */
export function parseNginxConfig(text: string): NginxDirective[] {
  const stack: { name: string; args: string[]; children: NginxDirective[] }[] = [{ name: "", args: [], children: [] }];
  let words: string[] = [];
  let i = 0;
  const top = () => stack[stack.length - 1] ?? fail("no block");
  while (i < text.length) {
    const c = text[i] ?? "";
    if (/\s/.test(c)) i++;
    else if (c === "#") while (i < text.length && text[i] !== "\n") i++;
    else if (c === ";") {
      if (words.length === 0) fail(`unexpected ";" at ${i}`);
      top().children.push({ name: words[0] ?? "", args: words.slice(1) });
      words = [];
      i++;
    } else if (c === "{") {
      if (words.length === 0) fail(`unexpected "{" at ${i}`);
      stack.push({ name: words[0] ?? "", args: words.slice(1), children: [] });
      words = [];
      i++;
    } else if (c === "}") {
      if (words.length > 0 || stack.length < 2) fail(`unexpected "}" at ${i}`);
      const block = stack.pop() ?? fail("no block");
      top().children.push(block);
      i++;
    } else {
      const { word, end } = readWord(text, i);
      words.push(word);
      i = end;
    }
  }
  if (words.length > 0 || stack.length !== 1) fail("unexpected end of file");
  return top().children;
}

function readWord(text: string, start: number): { word: string; end: number } {
  const quote = text[start] === '"' || text[start] === "'" ? text[start] : undefined;
  let word = "";
  let i = quote ? start + 1 : start;
  for (; i < text.length; i++) {
    const c = text[i] ?? "";
    if (c === "\\" && i + 1 < text.length) {
      word += text[++i];
      continue;
    }
    if (quote) {
      if (c === quote) return { word, end: i + 1 };
    } else if (/\s/.test(c) || c === ";" || c === "{" || c === "}") return { word, end: i };
    word += c;
  }
  if (quote) fail("unclosed quote");
  return { word, end: i };
}

function fail(message: string): never {
  throw new Error(`nginx: ${message}`);
}

/** Every directive of the tree, depth first, with its nesting path (`server/location`). */
export function flattenNginx(directives: readonly NginxDirective[], parent = ""): { path: string; directive: NginxDirective }[] {
  return directives.flatMap((d) => {
    const path = parent ? `${parent}/${d.name}` : d.name;
    return [{ path, directive: d }, ...flattenNginx(d.children ?? [], path)];
  });
}
