/**
 * docker's loader errors quote the value they failed on (`strconv.ParseFloat:
 * parsing "<value>"`), often a part of it (the memory parser drops the unit
 * letter first). When the value came from variables, Phoenix names the
 * template instead: no variable's value, whole or in part, is echoed by an
 * error, so a pull request cannot print a secret by putting it where a
 * number belongs. Masking by value catches whole values only.
 */
import type { PathSegment } from "../yaml/yaml-value.js";

/** A string value that interpolation changed: where, what was written, what it became. */
export interface SubstitutedValue {
  readonly path: readonly PathSegment[];
  readonly template: string;
  readonly value: string;
}

/** A piece of a value at least this long is hidden when an error quotes it; shorter values only whole. */
const MIN_HIDDEN_PIECE = 4;

/** What an error says in place of (a piece of) a value that came from `template`. */
export function describeSubstitutedValue(template: string): string {
  return `<value of ${template}, not shown>`;
}

/**
 * `message` of a finding at `path` with every piece of a related substituted
 * value replaced. Related: at the finding's path, or above or below it (a
 * finding about a port entry, a value inside it).
 */
export function hideSubstitutedValues(message: string, path: readonly PathSegment[], substituted: readonly SubstitutedValue[]): string {
  let hidden = message;
  for (const entry of substituted) {
    if (entry.value !== "" && isRelatedPath(entry.path, path)) hidden = hidePieces(hidden, entry.value, describeSubstitutedValue(entry.template));
  }
  return hidden;
}

function isRelatedPath(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  const shorter = a.length <= b.length ? a : b;
  const longer = shorter === a ? b : a;
  return shorter.every((segment, i) => segment === longer[i]);
}

/** Replaces, left to right, each longest run of `text` that is a piece of `value` (at least MIN_HIDDEN_PIECE long, or all of it). */
function hidePieces(text: string, value: string, replacement: string): string {
  const min = Math.min(MIN_HIDDEN_PIECE, value.length);
  let out = "";
  let i = 0;
  while (i < text.length) {
    let length = 0;
    while (i + length < text.length && value.includes(text.slice(i, i + length + 1))) length++;
    if (length >= min) {
      out += replacement;
      i += length;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}
