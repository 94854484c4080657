import type { ComposeCompat } from "../types.js";
import type { VariableLookup } from "../interpolation/substitute-template.js";
import type { GoParse } from "../../go/strconv.js";

const BOM = [0xef, 0xbb, 0xbf];
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** bufio.ScanLines: split on `\n`, drop one trailing `\r`, no empty last line. */
function scanLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    if (i === bytes.length && start === bytes.length) break;
    let end = i;
    if (end > start && bytes[end - 1] === 0x0d) end--;
    lines.push(bytes.subarray(start, end));
    start = i + 1;
  }
  return lines;
}

function decodeLine(line: Uint8Array): string | undefined {
  try {
    return utf8.decode(line);
  } catch {
    return undefined;
  }
}

/**
 * docker-run style env file (`opts.ParseEnvFile` / `kvfile.Parse`): lines
 * left-trimmed, `#` lines and blank lines skipped, `KEY=VALUE` kept verbatim
 * (quotes and trailing spaces included), a bare `KEY` looked up in the CLI
 * environment and dropped when unset. Returns `KEY=VALUE` strings.
 */
export function parseEnvFile(bytes: Uint8Array, path: string, lookup: VariableLookup, compat: ComposeCompat): GoParse<string[]> {
  const legacy = compat === "20.10";
  const fail = (error: string): GoParse<string[]> => ({ ok: false, error: legacy ? error : `invalid env file (${path}): ${error}` });
  const out: string[] = [];
  for (const [index, raw] of scanLines(bytes).entries()) {
    const lineNumber = index + 1;
    let text = decodeLine(raw);
    if (text === undefined) {
      const dump = `[${[...raw].join(" ")}]`;
      return legacy
        ? fail(`env file ${path} contains invalid utf8 bytes at line ${lineNumber}: ${dump}`)
        : fail(`invalid utf8 bytes at line ${lineNumber}: ${dump}`);
    }
    if (index === 0 && BOM.every((byte, i) => raw[i] === byte)) text = text.slice(1);
    const line = text.replace(GO_SPACE, "");
    if (line === "" || line.startsWith("#")) continue;
    const equals = line.indexOf("=");
    const key = equals < 0 ? line : line.slice(0, equals);
    const badKey = (detail: string) => fail(legacy ? `poorly formatted environment: ${detail}` : detail);
    if (legacy && /[ \t]/.test(key)) return badKey(`variable '${key}' contains whitespaces`);
    if (key === "") return badKey(`no variable name on line '${line}'`);
    if (!legacy && /[ \t]/.test(key)) return badKey(`variable '${key}' contains whitespaces`);
    if (equals >= 0) {
      out.push(line);
      continue;
    }
    const value = lookup(line);
    if (value !== undefined) out.push(`${key}=${value}`);
  }
  return { ok: true, value: out };
}
