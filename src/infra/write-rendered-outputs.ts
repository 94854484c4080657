import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { InfraOutputId, RenderedOutput } from "./rendered-output.js";

/** The directory of each output under `phoenix render --out`. */
export const OUTPUT_DIRECTORIES: Record<InfraOutputId, string> = {
  dns: "dnsmasq",
  firewall: "firewall",
  traefik: "traefik",
  nginx: "nginx",
};

export interface WrittenFile {
  readonly output: InfraOutputId;
  /** Relative to the out directory. */
  readonly path: string;
  readonly bytes: number;
}

/**
 * Writes every rendered file under `outDir/<output dir>/`. Each output
 * directory is replaced whole, so a file that is no longer rendered (a guest
 * that was removed) does not linger from an earlier render.
 */
export async function writeRenderedOutputs(outDir: string, outputs: readonly RenderedOutput[]): Promise<WrittenFile[]> {
  const written: WrittenFile[] = [];
  for (const output of outputs) {
    const dir = path.join(outDir, OUTPUT_DIRECTORIES[output.id]);
    await rm(dir, { recursive: true, force: true });
    for (const file of output.files) {
      const full = path.join(dir, file.name);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, file.content, "utf8");
      written.push({ output: output.id, path: path.relative(outDir, full), bytes: Buffer.byteLength(file.content) });
    }
  }
  return written;
}
