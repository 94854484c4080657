import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RENDER_MANIFEST_FILE } from "../../../src/infra/render-manifest.js";
import type { RenderedOutput } from "../../../src/infra/rendered-output.js";
import { RenderOutConflictError, writeRenderedOutputs } from "../../../src/infra/write-rendered-outputs.js";

let scratch: string;
let out: string;
/** A directory outside OUT that a symlink inside OUT points at: nothing may ever be written or removed there. */
let outside: string;

beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "phoenix-render-out-"));
  out = path.join(scratch, "out");
  outside = path.join(scratch, "outside");
  await mkdir(outside);
  await writeFile(path.join(outside, "cluster.fw"), "precious\n");
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function outputs(firewall: Record<string, string>, dns: Record<string, string> = { "dnsmasq.conf": "port=53\n" }): RenderedOutput[] {
  const files = (byName: Record<string, string>) => Object.entries(byName).map(([name, content]) => ({ name, content }));
  return [
    { id: "dns", files: files(dns), warnings: [] },
    { id: "firewall", files: files(firewall), warnings: [] },
  ];
}

/** Every path under `dir` (links not followed) with a file's content or a link's target. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true })) {
    const full = path.join(dir, entry);
    const stats = await lstat(full);
    result[entry] = stats.isSymbolicLink() ? `-> ${await readlink(full)}` : stats.isDirectory() ? "<dir>" : await readFile(full, "utf8");
  }
  return result;
}

async function conflictOf(promise: Promise<unknown>): Promise<readonly string[]> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RenderOutConflictError);
  return (err as RenderOutConflictError).problems;
}

describe("writeRenderedOutputs", () => {
  it("writes its files and a manifest, and never touches foreign files or directories next to them", async () => {
    await mkdir(path.join(out, "firewall", "archive"), { recursive: true });
    await writeFile(path.join(out, "firewall", "archive", "old.fw"), "mine\n");
    await writeFile(path.join(out, "firewall", "999.fw"), "hand-made\n");
    await writeFile(path.join(out, "notes.txt"), "mine\n");
    await mkdir(path.join(out, "nginx"));
    await writeFile(path.join(out, "nginx", "readme"), "mine\n");

    const first = await writeRenderedOutputs(out, outputs({ "cluster.fw": "[OPTIONS]\n", "101.fw": "a\n" }));
    expect(first.written.map((w) => w.path)).toEqual(["dnsmasq/dnsmasq.conf", "firewall/cluster.fw", "firewall/101.fw"]);
    expect(await snapshot(out)).toEqual({
      [RENDER_MANIFEST_FILE]: expect.stringContaining('"firewall/101.fw"'),
      "dnsmasq": "<dir>",
      "dnsmasq/dnsmasq.conf": "port=53\n",
      "firewall": "<dir>",
      "firewall/101.fw": "a\n",
      "firewall/999.fw": "hand-made\n",
      "firewall/archive": "<dir>",
      "firewall/archive/old.fw": "mine\n",
      "firewall/cluster.fw": "[OPTIONS]\n",
      "nginx": "<dir>",
      "nginx/readme": "mine\n",
      "notes.txt": "mine\n",
    });

    // The second render no longer has 101.fw: Phoenix wrote it, so it goes; nothing foreign does.
    const second = await writeRenderedOutputs(out, outputs({ "cluster.fw": "[OPTIONS]\nenable: 1\n" }));
    expect(second).toMatchObject({ removed: ["firewall/101.fw"], kept: [] });
    const after = await snapshot(out);
    expect(after["firewall/101.fw"]).toBeUndefined();
    expect(after).toMatchObject({ "firewall/cluster.fw": "[OPTIONS]\nenable: 1\n", "firewall/999.fw": "hand-made\n", "firewall/archive/old.fw": "mine\n", "notes.txt": "mine\n", "nginx/readme": "mine\n" });
    expect(JSON.parse(after[RENDER_MANIFEST_FILE] ?? "{}")).toMatchObject({ version: 1, files: { "dnsmasq/dnsmasq.conf": expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(Object.keys((JSON.parse(after[RENDER_MANIFEST_FILE] ?? "{}") as { files: object }).files)).toEqual(["dnsmasq/dnsmasq.conf", "firewall/cluster.fw"]);
  });

  it("keeps a file it wrote earlier when someone changed it since", async () => {
    await writeRenderedOutputs(out, outputs({ "cluster.fw": "c\n", "101.fw": "a\n" }));
    await writeFile(path.join(out, "firewall", "101.fw"), "edited by hand\n");
    const second = await writeRenderedOutputs(out, outputs({ "cluster.fw": "c\n" }));
    expect(second).toMatchObject({ removed: [], kept: ["firewall/101.fw"] });
    expect(await readFile(path.join(out, "firewall", "101.fw"), "utf8")).toBe("edited by hand\n");
    // No longer listed: a third render leaves it alone without mentioning it again.
    expect(await writeRenderedOutputs(out, outputs({ "cluster.fw": "c\n" }))).toMatchObject({ removed: [], kept: [] });
  });

  it("refuses a foreign file where it wants to write, and writes nothing at all", async () => {
    await mkdir(path.join(out, "firewall"), { recursive: true });
    await writeFile(path.join(out, "firewall", "cluster.fw"), "someone else's\n");
    const before = await snapshot(out);
    expect(await conflictOf(writeRenderedOutputs(out, outputs({ "cluster.fw": "c\n" })))).toEqual(["firewall/cluster.fw: exists and was not written by phoenix render"]);
    expect(await snapshot(out)).toEqual(before);
  });

  it("refuses to overwrite a file it wrote that was changed since", async () => {
    await writeRenderedOutputs(out, outputs({ "cluster.fw": "c\n" }));
    await writeFile(path.join(out, "firewall", "cluster.fw"), "edited\n");
    expect(await conflictOf(writeRenderedOutputs(out, outputs({ "cluster.fw": "d\n" })))).toEqual(["firewall/cluster.fw: changed since phoenix render wrote it"]);
    expect(await readFile(path.join(out, "firewall", "cluster.fw"), "utf8")).toBe("edited\n");
  });

  it("takes a file that already holds exactly what it renders as its own", async () => {
    await mkdir(path.join(out, "firewall"), { recursive: true });
    await writeFile(path.join(out, "firewall", "cluster.fw"), "c\n");
    await writeRenderedOutputs(out, outputs({ "cluster.fw": "c\n" }));
    // Now recorded: the next render may change it.
    await writeRenderedOutputs(out, outputs({ "cluster.fw": "d\n" }));
    expect(await readFile(path.join(out, "firewall", "cluster.fw"), "utf8")).toBe("d\n");
  });

  it("never writes through a symlinked directory or file pointing outside OUT", async () => {
    await mkdir(out);
    await symlink(outside, path.join(out, "firewall"));
    await mkdir(path.join(out, "dnsmasq"));
    await symlink(path.join(outside, "cluster.fw"), path.join(out, "dnsmasq", "dnsmasq.conf"));
    const before = await snapshot(outside);
    expect(await conflictOf(writeRenderedOutputs(out, outputs({ "cluster.fw": "evil\n" })))).toEqual([
      "dnsmasq/dnsmasq.conf: is a symlink: phoenix render does not write through links",
      "firewall/cluster.fw: firewall is a symlink: phoenix render does not write through links",
    ]);
    expect(await snapshot(outside)).toEqual(before);
    expect((await readdir(out)).sort()).toEqual(["dnsmasq", "firewall"]);
  });

  it("never removes through a symlink that replaced a file or directory it wrote", async () => {
    await writeRenderedOutputs(out, outputs({ "cluster.fw": "precious\n", "101.fw": "a\n" }));
    // Same content as the recorded file, but reached through a link: still not Phoenix's.
    await rm(path.join(out, "firewall"), { recursive: true });
    await symlink(outside, path.join(out, "firewall"));
    await expect(conflictOf(writeRenderedOutputs(out, outputs({ "cluster.fw": "precious\n" })))).resolves.toEqual([
      "firewall/cluster.fw: firewall is a symlink: phoenix render does not write through links",
    ]);
    await rm(path.join(out, "firewall"));
    await mkdir(path.join(out, "firewall"));
    await symlink(path.join(outside, "cluster.fw"), path.join(out, "firewall", "101.fw"));
    const result = await writeRenderedOutputs(out, outputs({ "cluster.fw": "precious\n" }));
    expect(result).toMatchObject({ removed: [], kept: ["firewall/101.fw"] });
    expect(await readFile(path.join(outside, "cluster.fw"), "utf8")).toBe("precious\n");
    expect(await readlink(path.join(out, "firewall", "101.fw"))).toBe(path.join(outside, "cluster.fw"));
  });

  it("refuses a manifest that is a symlink or not its own, and a directory where a file goes", async () => {
    await mkdir(path.join(out, "firewall", "cluster.fw"), { recursive: true });
    await symlink(path.join(outside, "cluster.fw"), path.join(out, RENDER_MANIFEST_FILE));
    expect(await conflictOf(writeRenderedOutputs(out, outputs({ "cluster.fw": "c\n" })))).toEqual([
      `${RENDER_MANIFEST_FILE}: is a symlink: phoenix render does not write through links`,
      "firewall/cluster.fw: is a directory",
    ]);
    await rm(path.join(out, RENDER_MANIFEST_FILE));
    await writeFile(path.join(out, RENDER_MANIFEST_FILE), JSON.stringify({ version: 1, files: { "../outside/cluster.fw": "0".repeat(64) } }));
    expect(await conflictOf(writeRenderedOutputs(out, outputs({ "other.fw": "c\n" })))).toEqual([`${RENDER_MANIFEST_FILE}: exists and is not a manifest phoenix render wrote`]);
    expect(await readFile(path.join(outside, "cluster.fw"), "utf8")).toBe("precious\n");
  });
});
