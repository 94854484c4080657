/**
 * yaml v3 decodes unquoted timestamps into `time.Time` (yaml.v2 kept them as
 * strings); docker/cli then prints them with `Time.String()`.
 */

/** A YAML timestamp decoded into `time.Time` (yaml v3 only); `text` is Go's `Time.String()`. */
export class GoTime {
  constructor(readonly text: string) {}
}

const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const ZONED = /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
const SPACED = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** `Time.String()` of a timestamp yaml v3 accepts, or undefined when it is not one. */
export function parseGoTimestamp(text: string): string | undefined {
  const match = DATE.exec(text) ?? ZONED.exec(text) ?? SPACED.exec(text);
  if (!match) return undefined;
  const part = (index: number) => Number(match[index] ?? "0");
  const [year, month, day, hour, minute, second] = [part(1), part(2), part(3), part(4), part(5), part(6)];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const fraction = (match[7] ?? "").replace(/0+$/, "");
  const zone = match[8] ?? "Z";
  const clock = `${pad(hour)}:${pad(minute)}:${pad(second)}${fraction ? `.${fraction}` : ""}`;
  const offset = zone === "Z" ? "+0000" : zone.replace(":", "");
  // A zero offset resolves to the (UTC) local zone; any other offset gets a fabricated, unnamed zone.
  const name = offset === "+0000" || offset === "-0000" ? "UTC" : offset;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)} ${clock} ${name === "UTC" ? "+0000" : offset} ${name}`;
}
