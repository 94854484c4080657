import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseTree, type Node } from "jsonc-parser";
import { createFixtureRepoFromDirectories, type FixtureRepo } from "../../helpers/git-fixture-repo.js";
import { runGit } from "../../helpers/git-cli.js";

const repoRoot = path.resolve(import.meta.dirname, "../../..");

/** Every scenario stack is deployed as `scn-<stack>`: the only stacks these tests create, change or remove on the shared swarm. */
export const SCENARIO_NAMESPACE_PREFIX = "scn-";
/** The repo's `instance`: orphans are only stacks deployed with the same one, never other suites' stacks. */
export const SCENARIO_INSTANCE = "plan-scenarios";

/** The web service's token at the base commit and after `change-env`: neither may appear in any rendering. */
export const SECRET_VALUES = { base: "tok_scn_base_5d1c7a", changed: "tok_scn_next_90be42" } as const;

type FileEdits = Record<string, string | null>;

export interface PlanScenario {
  /** Also the golden directory under test/golden/plans and the branch `scenario/<name>`. */
  readonly name: string;
  /** The files the scenario's commit writes (or deletes: null), computed from the base working tree `dir`. */
  readonly edit: (dir: string) => Promise<FileEdits>;
}

export interface ScenarioRepo {
  readonly repo: FixtureRepo;
  readonly base: string;
  /** One commit whose parent is the base, on branch `scenario/<name>`; returns its sha. */
  commitScenario(scenario: PlanScenario): Promise<string>;
}

/**
 * The bundled example (etc/, stacks/) as a git repo, plus a `.github/phoenix.yml` with
 * this suite's instance and namespace, both VMs mapped to the swarm's one node, infra
 * targets under `targets`, and a secret
 * variable (API_TOKEN) passed to web_app's web service, so that a scenario can change it.
 */
export async function createScenarioRepo(targets: string): Promise<ScenarioRepo> {
  const snapshot = await mkdtemp(path.join(os.tmpdir(), "phoenix-scn-snapshot-"));
  try {
    await cp(path.join(repoRoot, "etc"), path.join(snapshot, "etc"), { recursive: true });
    await cp(path.join(repoRoot, "stacks"), path.join(snapshot, "stacks"), { recursive: true });
    await addApiToken(snapshot);
    await mkdir(path.join(snapshot, ".github"), { recursive: true });
    await writeFile(path.join(snapshot, ".github", "phoenix.yml"), renderSettings(targets));
    const repo = await createFixtureRepoFromDirectories([{ dir: snapshot, message: "base: the bundled example" }]);
    const base = repo.commits[0] ?? "";
    return {
      repo,
      base,
      async commitScenario(scenario) {
        await runGit(repo.dir, ["checkout", "--quiet", "-B", `scenario/${scenario.name}`, base]);
        return repo.commit({ files: await scenario.edit(repo.dir), message: scenario.name });
      },
    };
  } finally {
    await rm(snapshot, { recursive: true, force: true });
  }
}

function renderSettings(targets: string): string {
  return [
    `instance: ${SCENARIO_INSTANCE}`,
    `stackNamespace: "${SCENARIO_NAMESPACE_PREFIX}{stack}"`,
    // The one node of the test swarm plays both VMs, named so that placement applies (and a move shows).
    "swarm:",
    "  nodes: { 1001: self, 1002: self }",
    "wait:",
    "  timeoutSeconds: 90",
    "  monitorSeconds: 1",
    "infra:",
    "  targets:",
    `    dns: { kind: local, path: ${targets}/dns, reload: "dnsmasq --test -C ${targets}/dns/dnsmasq.conf" }`,
    `    firewall: { kind: local, path: ${targets}/firewall, reload: "true" }`,
    `    traefik: { kind: local, path: ${targets}/traefik, reload: "true" }`,
    "    nginx: { kind: none }",
    "",
  ].join("\n");
}

const WEB_APP_MANIFEST = "stacks/web_app/phoenix.json";
const WEB_APP_COMPOSE = "stacks/web_app/docker-compose.yml";
const VM_FILE = "etc/phoenix_vm_configs.json";

async function addApiToken(dir: string): Promise<void> {
  const edits = await editJson(dir, WEB_APP_MANIFEST, (m: Manifest) => m.environments.production.variables.push({ name: "API_TOKEN", value: SECRET_VALUES.base }));
  const compose = await replaceOnce(dir, WEB_APP_COMPOSE, "      LOG_LEVEL: ${LOG_LEVEL:-info}\n", "      LOG_LEVEL: ${LOG_LEVEL:-info}\n      API_TOKEN: ${API_TOKEN:-}\n");
  for (const [file, text] of Object.entries({ ...edits, ...compose })) await writeFile(path.join(dir, file), text ?? "");
}

interface Manifest {
  environments: { production: { variables: { name: string; value: string }[] } };
}

interface VmFile {
  vms: { vmid: number; docker_stacks?: (string | { name: string; environment?: string })[] }[];
}

const stackName = (entry: string | { name: string }) => (typeof entry === "string" ? entry : entry.name);

/** The scenarios of the issue, in the order of its list. */
export const PLAN_SCENARIOS: readonly PlanScenario[] = [
  {
    name: "add-stack",
    edit: async (dir) => ({
      "stacks/notes/docker-compose.yml": NOTES_COMPOSE,
      "stacks/notes/phoenix.json": NOTES_MANIFEST,
      ...(await editJson(dir, VM_FILE, (c: VmFile) => vm(c, 1001).docker_stacks?.push("notes"))),
    }),
  },
  {
    name: "change-image",
    edit: (dir) => replaceOnce(dir, WEB_APP_COMPOSE, "image: phoenix-test/web:1", "image: phoenix-test/web:2"),
  },
  {
    name: "change-env",
    edit: (dir) =>
      editJson(dir, WEB_APP_MANIFEST, (m: Manifest) => {
        for (const v of m.environments.production.variables) {
          if (v.name === "LOG_LEVEL") v.value = "debug";
          if (v.name === "API_TOKEN") v.value = SECRET_VALUES.changed;
        }
      }),
  },
  {
    name: "remove-stack",
    edit: async (dir) => ({
      "stacks/status_page": null,
      ...(await editJson(dir, VM_FILE, (c: VmFile) => {
        const host = vm(c, 1001);
        host.docker_stacks = host.docker_stacks?.filter((s) => stackName(s) !== "status_page");
      })),
    }),
  },
  {
    name: "reorder-json-keys",
    edit: async (dir) => {
      const files = ["etc/certificate-manifest.json", "etc/phoenix_hypervisor_config.json", "etc/phoenix_lxc_configs.json", "etc/phoenix_stacks_config.json", VM_FILE, "stacks/api_service/phoenix.json"];
      const edits: FileEdits = {};
      for (const file of files) edits[file] = reverseJsonKeys(await readFile(path.join(dir, file), "utf8"));
      return edits;
    },
  },
  {
    name: "vm-reassignment",
    edit: (dir) =>
      editJson(dir, VM_FILE, (c: VmFile) => {
        const from = vm(c, 1001);
        const moved = from.docker_stacks?.find((s) => stackName(s) === "status_page");
        if (moved === undefined) throw new Error(`${VM_FILE}: VM 1001 no longer deploys status_page`);
        from.docker_stacks = from.docker_stacks?.filter((s) => s !== moved);
        (vm(c, 1002).docker_stacks ??= []).push(moved);
      }),
  },
  {
    name: "invalid-commit",
    edit: async (dir) => ({
      // A missing comma in a manifest, and a duration compose cannot parse in another stack.
      ...(await replaceOnce(dir, WEB_APP_MANIFEST, '"Example (production)"\n                },', '"Example (production)"\n                }')),
      ...(await replaceOnce(dir, "stacks/status_page/docker-compose.yml", "interval: 5s", "interval: soon")),
    }),
  },
];

const NOTES_COMPOSE = `version: "3.8"

# A scratch pad served by busybox httpd.
services:
  notes:
    image: phoenix-test/busybox:1
    command: ["httpd", "-f", "-p", "8090", "-h", "/www"]
    init: true
    environment:
      NOTES_TITLE: \${NOTES_TITLE}
    deploy:
      replicas: 1
      restart_policy:
        condition: on-failure
`;

const NOTES_MANIFEST = `${JSON.stringify(
  {
    description: "A scratch pad.",
    environments: {
      production: {
        variables: [{ name: "NOTES_TITLE", value: "Notes" }],
        files: [],
        services: {
          notes: {
            traefik_labels: [
              "traefik.enable=true",
              "traefik.http.routers.notes.rule=Host(`notes.internal.example.test`)",
              "traefik.http.routers.notes.entrypoints=web",
              "traefik.http.services.notes.loadbalancer.server.port=8090",
            ],
          },
        },
        firewall_rules: [{ type: "in", action: "ACCEPT", source: "10.10.0.12", proto: "tcp", port: "8090", comment: "Allow Traefik to reach the notes" }],
      },
    },
  },
  null,
  4,
)}\n`;

function vm(config: VmFile, vmid: number): VmFile["vms"][number] {
  const found = config.vms.find((v) => v.vmid === vmid);
  if (found === undefined) throw new Error(`${VM_FILE} has no VM ${vmid}`);
  return found;
}

/** Parses, edits and writes back a JSON file in the example's own format (four spaces, final newline). */
async function editJson<T>(dir: string, file: string, edit: (value: T) => unknown): Promise<FileEdits> {
  const value = JSON.parse(await readFile(path.join(dir, file), "utf8")) as T;
  edit(value);
  return { [file]: `${JSON.stringify(value, null, 4)}\n` };
}

async function replaceOnce(dir: string, file: string, from: string, to: string): Promise<FileEdits> {
  const text = await readFile(path.join(dir, file), "utf8");
  if (text.split(from).length !== 2) throw new Error(`${file}: expected exactly one ${JSON.stringify(from)}`);
  return { [file]: text.replace(from, to) };
}

/**
 * The same JSON with every object's keys in reverse file order and two-space
 * indentation instead of four. Array order means something and is kept.
 * Written from jsonc-parser's tree, because JSON.parse would move
 * integer-like keys (the LXC CTIDs) to the front in ascending order.
 */
export function reverseJsonKeys(text: string): string {
  const root = parseTree(text);
  if (root === undefined) throw new Error("not JSON");
  return `${printNode(root, "")}\n`;
}

function printNode(node: Node, indent: string): string {
  const inner = `${indent}  `;
  const children = node.children ?? [];
  if (node.type === "object") {
    if (children.length === 0) return "{}";
    const members = [...children].reverse().map((p) => `${inner}${JSON.stringify(p.children?.[0]?.value)}: ${printNode(p.children?.[1] as Node, inner)}`);
    return `{\n${members.join(",\n")}\n${indent}}`;
  }
  if (node.type === "array") {
    if (children.length === 0) return "[]";
    return `[\n${children.map((c) => `${inner}${printNode(c, inner)}`).join(",\n")}\n${indent}]`;
  }
  return JSON.stringify(node.value);
}
