import type { ComposeServiceVolume } from "../compose-project.js";
import type { GoParse } from "../../go/strconv.js";

const PROPAGATIONS = new Set(["rprivate", "private", "rshared", "shared", "rslave", "slave"]);

interface MutableVolume {
  source: string;
  target: string;
  readOnly: boolean;
  bind: { propagation: string } | undefined;
  volume: { nocopy: boolean } | undefined;
}

function isLetter(char: string | undefined): boolean {
  return char !== undefined && /^\p{L}$/u.test(char);
}

/** A single letter followed by `:` is a Windows drive, even for a one-letter volume name. */
function isWindowsDrive(buffer: readonly string[], char: string): boolean {
  return char === ":" && buffer.length === 1 && isLetter(buffer[0]);
}

function isFilePath(source: string): boolean {
  if (".~/".includes(source[0] ?? "")) return true;
  const runes = [...source];
  if (runes.length === 1) return false;
  if (source.startsWith("\\\\")) return true;
  return isWindowsDrive([runes[0] ?? ""], runes[1]?.[0] ?? "");
}

function inferType(volume: MutableVolume): string {
  if (volume.source === "") return "volume";
  return isFilePath(volume.source) ? "bind" : "volume";
}

function applyOptions(text: string, volume: MutableVolume): void {
  for (const option of text.split(",")) {
    if (option === "ro") volume.readOnly = true;
    else if (option === "rw") volume.readOnly = false;
    else if (option === "nocopy") volume.volume = { nocopy: true };
    // Other options (z, Z, cached, delegated, …) are ignored, as in the CLI.
    else if (PROPAGATIONS.has(option)) volume.bind = { propagation: option };
  }
}

function fillFromBuffer(char: string, buffer: readonly string[], volume: MutableVolume): string | undefined {
  const text = buffer.join("");
  if (buffer.length === 0) return "empty section between colons";
  if (volume.source === "" && char === "") {
    volume.target = text;
    return undefined;
  }
  if (volume.source === "") {
    volume.source = text;
    return undefined;
  }
  if (volume.target === "") {
    volume.target = text;
    return undefined;
  }
  if (char === ":") return "too many colons";
  applyOptions(text, volume);
  return undefined;
}

function finish(volume: MutableVolume): ComposeServiceVolume {
  return {
    type: inferType(volume),
    source: volume.source,
    target: volume.target,
    readOnly: volume.readOnly,
    consistency: "",
    bind: volume.bind,
    volume: volume.volume,
    tmpfs: undefined,
  };
}

/** `loader.ParseVolume`: `[source:]target[:options]` (paths not yet resolved). */
export function parseVolumeSpec(spec: string): GoParse<ComposeServiceVolume> {
  const volume: MutableVolume = { source: "", target: "", readOnly: false, bind: undefined, volume: undefined };
  const length = new TextEncoder().encode(spec).length;
  if (length === 0) return { ok: false, error: "invalid empty volume spec" };
  if (length <= 2) return { ok: true, value: finish({ ...volume, target: spec }) };
  let buffer: string[] = [];
  // "" marks the end of the spec (the CLI appends rune 0).
  for (const char of [...spec, ""]) {
    if (isWindowsDrive(buffer, char)) {
      buffer.push(char);
    } else if (char === ":" || char === "") {
      const error = fillFromBuffer(char, buffer, volume);
      if (error) return { ok: false, error: `invalid spec: ${spec}: ${error}` };
      buffer = [];
    } else {
      buffer.push(char);
    }
  }
  return { ok: true, value: finish(volume) };
}
