/**
 * Go's `sort.Strings` order: byte-wise over UTF-8, which is code point order.
 * A lone surrogate counts as U+FFFD, the character it becomes in UTF-8.
 */
export function compareGoStrings(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = codePointOf(left[i]) - codePointOf(right[i]);
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

function codePointOf(char: string | undefined): number {
  const code = char?.codePointAt(0) ?? 0;
  return code >= 0xd800 && code <= 0xdfff ? 0xfffd : code;
}
