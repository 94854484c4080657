import { posix } from "node:path";

/** Go's `filepath.Join` on Unix: joined and cleaned, no trailing slash. */
export function joinGoPath(...parts: string[]): string {
  const nonEmpty = parts.filter((part) => part !== "");
  if (nonEmpty.length === 0) return "";
  const joined = posix.normalize(nonEmpty.join("/"));
  return joined.length > 1 && joined.endsWith("/") ? joined.slice(0, -1) : joined;
}

function isSlash(char: string | undefined): boolean {
  return char === "/" || char === "\\";
}

/** Length of a Windows volume name (`C:` or a UNC `\\host\share`), 0 if none. */
function windowsVolumeNameLength(path: string): number {
  if (path.length < 2) return 0;
  if (path[1] === ":" && /[a-zA-Z]/.test(path[0] ?? "")) return 2;
  if (path.length >= 5 && isSlash(path[0]) && isSlash(path[1]) && !isSlash(path[2]) && path[2] !== ".") {
    for (let n = 3; n < path.length - 1; n++) {
      if (!isSlash(path[n])) continue;
      n++;
      if (isSlash(path[n]) || path[n] === ".") return 0;
      while (n < path.length && !isSlash(path[n])) n++;
      return n;
    }
  }
  return 0;
}

/** The loader accepts Windows absolute paths too, for a Windows client talking to a Linux daemon. */
export function isWindowsAbsolute(path: string): boolean {
  const length = windowsVolumeNameLength(path);
  return length > 0 && length < path.length && isSlash(path[length]);
}
