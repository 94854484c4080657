import { readdir } from "node:fs/promises";
import path from "node:path";
import { expect } from "vitest";

/**
 * Pins a directory of goldens: each of `files` (path inside `dir` → text)
 * byte for byte as a vitest file snapshot (`npx vitest -u` rewrites them),
 * and no other file in `dir`. `-u` never deletes a file: one that nothing
 * renders any more fails until it is removed by hand.
 */
export async function expectGoldenDirectory(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  const entries = Object.entries(files);
  // Soft: one run reports every golden that differs, not only the first.
  for (const [file, text] of entries) await expect.soft(text, file).toMatchFileSnapshot(path.join(dir, file));
  const rendered = new Set(entries.map(([file]) => file));
  const stale = (await listFiles(dir)).filter((file) => !rendered.has(file));
  expect(stale, `goldens under ${dir} that nothing renders any more (delete them)`).toEqual([]);
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(path.join(dir, e.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}
