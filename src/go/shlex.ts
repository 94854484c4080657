import type { GoParse } from "./strconv.js";

type State = "start" | "word" | "escaping" | "escapingQuoted" | "quotingEscaping" | "quoting" | "comment";

const SPACE = new Set([" ", "\t", "\r", "\n"]);

/**
 * google/shlex `Split`, which the CLI applies to string `command` and
 * `entrypoint`: POSIX-like quoting without variable expansion, a backslash
 * inside double quotes escapes any character, and `#` starts a comment only
 * at the start of a word.
 */
export function shlexSplit(input: string): GoParse<string[]> {
  const words: string[] = [];
  let state: State = "start";
  let word = "";
  let isComment = false;
  const finish = (): void => {
    if (!isComment) words.push(word);
    word = "";
    isComment = false;
    state = "start";
  };
  for (const char of input) {
    switch (state) {
      case "start":
        if (SPACE.has(char)) break;
        isComment = false;
        if (char === '"') state = "quotingEscaping";
        else if (char === "'") state = "quoting";
        else if (char === "\\") state = "escaping";
        else if (char === "#") [isComment, state] = [true, "comment"];
        else [word, state] = [char, "word"];
        break;
      case "word":
        if (SPACE.has(char)) finish();
        else if (char === '"') state = "quotingEscaping";
        else if (char === "'") state = "quoting";
        else if (char === "\\") state = "escaping";
        else word += char;
        break;
      case "escaping":
        [word, state] = [word + char, "word"];
        break;
      case "escapingQuoted":
        [word, state] = [word + char, "quotingEscaping"];
        break;
      case "quotingEscaping":
        if (char === '"') state = "word";
        else if (char === "\\") state = "escapingQuoted";
        else word += char;
        break;
      case "quoting":
        if (char === "'") state = "word";
        else word += char;
        break;
      case "comment":
        if (char === "\n") finish();
        break;
    }
  }
  if (state === "escaping" || state === "escapingQuoted") return { ok: false, error: "EOF found after escape character" };
  if (state === "quotingEscaping" || state === "quoting") return { ok: false, error: "EOF found when expecting closing quote" };
  if (state !== "start") finish();
  return { ok: true, value: words };
}
