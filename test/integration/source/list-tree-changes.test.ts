import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSilentLogger } from "../../../src/logger.js";
import { createDirectoryTree } from "../../../src/source/file-tree.js";
import { listTreeChanges } from "../../../src/source/list-tree-changes.js";
import { openConfigRepo } from "../../../src/source/open-config-repo.js";
import type { ConfigRepo } from "../../../src/source/config-repo.js";
import { runGit } from "../../helpers/git-cli.js";
import { createFixtureRepo, type FixtureRepo } from "../../helpers/git-fixture-repo.js";

let fixture: FixtureRepo;
let repo: ConfigRepo;

beforeAll(async () => {
  fixture = await createFixtureRepo([
    {
      message: "base",
      files: {
        "etc/phoenix_vm_configs.json": '{ "vms": [] }\n',
        "stacks/a/docker-compose.yml": "services: {}\n",
        "stacks/a/phoenix.json": "{}\n",
        "stacks/b/docker-compose.yml": "services: {}\n",
        "README.md": "about\n",
      },
    },
    {
      message: "change a, remove b, add c, touch the README",
      files: {
        "stacks/a/phoenix.json": '{ "description": "a" }\n',
        "stacks/b": null,
        "stacks/c/docker-compose.yml": "services: {}\n",
        "README.md": "about it\n",
      },
    },
  ]);
  repo = await openConfigRepo({ url: fixture.dir, logger: createSilentLogger() });
});

afterAll(async () => {
  await fixture.remove();
});

describe("listTreeChanges", () => {
  it("compares two commits by tree ids, like git diff --no-renames --name-only", async () => {
    const [base, head] = fixture.commits as [string, string];
    const changed = await listTreeChanges(repo.openTree(base), repo.openTree(head));
    const git = (await runGit(fixture.dir, ["diff", "--no-renames", "--name-only", base, head])).split("\n").filter((l) => l !== "");
    expect(changed).toEqual(git.sort());
    expect(changed).toEqual(["README.md", "stacks/a/phoenix.json", "stacks/b/docker-compose.yml", "stacks/c/docker-compose.yml"]);
  });

  it("compares a working directory with a commit by content, under the config directories only", async () => {
    const head = fixture.commits[1] as string;
    await writeFile(path.join(fixture.dir, "etc", "phoenix_vm_configs.json"), '{ "vms": [1] }\n');
    await mkdir(path.join(fixture.dir, "node_modules", "x"), { recursive: true });
    await writeFile(path.join(fixture.dir, "node_modules", "x", "index.js"), "\n");
    await writeFile(path.join(fixture.dir, "README.md"), "changed outside the config\n");
    const changed = await listTreeChanges(repo.openTree(head), createDirectoryTree(fixture.dir));
    expect(changed).toEqual(["etc/phoenix_vm_configs.json"]);
  });

  it("finds nothing between a tree and itself", async () => {
    const head = fixture.commits[1] as string;
    expect(await listTreeChanges(repo.openTree(head), repo.openTree(head))).toEqual([]);
  });
});
