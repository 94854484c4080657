import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runGit } from "../../helpers/git-cli.js";
import { listGitFiles } from "../../helpers/git-diff.js";
import { createFixtureRepo, createFixtureRepoFromDirectories, type FixtureRepo, type FixtureStep } from "../../helpers/git-fixture-repo.js";

describe("fixture repositories", () => {
  const made: FixtureRepo[] = [];
  const scratch: string[] = [];

  afterAll(async () => {
    for (const repo of made) await repo.remove();
    for (const dir of scratch) await rm(dir, { recursive: true, force: true });
  });

  it("gives the same shas for the same steps, every time", async () => {
    const steps: FixtureStep[] = [
      { message: "one", files: { "a.txt": "a\n" } },
      { message: "two", files: { "a.txt": null, "b/c.txt": "c\n" } },
    ];
    const first = await createFixtureRepo(steps);
    const second = await createFixtureRepo(steps);
    made.push(first, second);
    expect(first.commits).toHaveLength(2);
    expect(second.commits).toEqual(first.commits);
    expect(await runGit(first.dir, ["log", "-1", "--format=%an <%ae> %cI"])).toBe("Phoenix Fixture <fixture@phoenix.invalid> 2024-01-01T00:01:00+00:00");
  });

  it("makes each commit's tree exactly the contents of a directory", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "phoenix-snapshots-"));
    scratch.push(root);
    const write = async (file: string, content: string): Promise<void> => {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), content);
    };
    await write("01/stacks/web/docker-compose.yml", "services: {}\n");
    await write("01/etc/vms.json", "{}\n");
    await write("02/stacks/web/docker-compose.yml", "services:\n  web: {}\n");
    const repo = await createFixtureRepoFromDirectories([
      { dir: path.join(root, "01"), message: "first" },
      { dir: path.join(root, "02"), message: "second" },
    ]);
    made.push(repo);
    const [first, second] = repo.commits as [string, string];
    expect(await listGitFiles(repo.dir, first)).toEqual(["etc/vms.json", "stacks/web/docker-compose.yml"]);
    expect(await listGitFiles(repo.dir, second)).toEqual(["stacks/web/docker-compose.yml"]);
    expect(await readFile(path.join(repo.dir, "stacks/web/docker-compose.yml"), "utf8")).toBe("services:\n  web: {}\n");
  });
});
