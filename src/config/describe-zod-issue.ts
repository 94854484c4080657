import type { z } from "zod";
import { quoteForMessage } from "../diagnostics.js";

type RawIssue = z.core.$ZodRawIssue;

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "an array",
  null: "null",
};

/**
 * Default messages for schema checks that carry no message of their own,
 * phrased for someone editing a JSON file. The offending value is appended
 * by the caller, so these never repeat it.
 */
export function describeZodIssue(issue: RawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      return describeBound(issue.origin, "at least", "more than", issue.minimum, issue.inclusive);
    case "too_big":
      return describeBound(issue.origin, "at most", "less than", issue.maximum, issue.inclusive);
    case "invalid_format":
      return issue.pattern ? `must match ${issue.pattern}` : `must be a valid ${issue.format}`;
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)}`;
    case "invalid_union":
      return "does not match any of the allowed forms";
    case "invalid_key":
      return "is not an allowed key";
    default:
      return "is invalid";
  }
}

function describeBound(origin: string, inclusiveWord: string, exclusiveWord: string, bound: number | bigint, inclusive: boolean | undefined): string {
  const word = inclusive === false ? exclusiveWord : inclusiveWord;
  if (origin === "string") return Number(bound) === 1 && word === "at least" ? "must not be empty" : `must be ${word} ${bound} characters long`;
  if (origin === "array") return Number(bound) === 1 && word === "at least" ? "must not be empty" : `must have ${word} ${bound} entries`;
  return `must be ${word} ${bound}`;
}

/** A short rendering of a JSON value for `…, got <value>`. */
export function describeValue(value: unknown, withType: boolean): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  const text = typeof value === "string" ? quoteForMessage(value.length > 60 ? `${value.slice(0, 57)}...` : value) : String(value);
  return withType ? `${typeof value} ${text}` : text;
}
