/**
 * Folders are boundaries (STYLE.md): no import loops, between modules or
 * between folders, and each stage imports only the stages before it.
 * `npm run lint` runs this; test/unit/lint/folder-rules.test.ts shows it fails
 * on a loop.
 */
const stage = (name) => `^src/${name}/`;

/** [folder, folders it must never import]. */
const FORBIDDEN_DIRECTIONS = [
  // The neutral shapes import nothing of Phoenix's stages.
  ["engine", ["source", "config", "settings", "compose", "plan", "impact", "swarm", "infra", "certs", "pipeline", "trust", "report", "github", "cli"]],
  ["source", ["config", "settings", "compose", "plan", "impact", "swarm", "infra", "certs", "pipeline", "trust", "report", "github", "cli"]],
  ["compose", ["config", "settings", "plan", "impact", "swarm", "infra", "certs", "pipeline", "trust", "report", "github", "cli"]],
  ["config", ["settings", "plan", "impact", "swarm", "certs", "pipeline", "trust", "report", "github", "cli"]],
  // plan/ is pure: it never talks to Docker or a host.
  ["plan", ["source", "swarm", "pipeline", "trust", "report", "github", "cli"]],
  // swarm/ applies; verify/ watches what was applied and rolls it back; pipeline/ composes the two.
  ["swarm", ["source", "config", "settings", "impact", "infra", "certs", "verify", "pipeline", "trust", "report", "github", "cli"]],
  ["verify", ["source", "config", "settings", "compose", "impact", "infra", "certs", "pipeline", "trust", "report", "github", "cli"]],
  ["infra", ["swarm", "plan", "impact", "certs", "pipeline", "trust", "report", "github", "cli"]],
  // certs/ issues, renews and installs certificates through infra targets; plan/ and report/ read its status shapes only.
  ["certs", ["swarm", "plan", "impact", "verify", "pipeline", "trust", "report", "github", "cli"]],
  ["report", ["swarm", "infra", "github", "cli"]],
  // reconcile/ keeps the sync record and decides when to sync; it runs nothing itself (github/ hands it the work).
  ["reconcile", ["source", "config", "compose", "plan", "impact", "infra", "certs", "pipeline", "trust", "report", "github", "cli"]],
  ["pipeline", ["report", "github", "cli"]],
  // Secret values and their masking: every stage may mask, so this imports no stage but the shapes.
  ["secrets", ["source", "config", "settings", "compose", "plan", "impact", "swarm", "verify", "infra", "certs", "reconcile", "pipeline", "trust", "report", "github", "cli"]],
  ["trust", ["swarm", "pipeline", "report", "github", "cli"]],
  // github/ never builds specs: it runs the pipeline and reports.
  ["github", ["compose", "cli"]],
];

module.exports = {
  forbidden: [
    {
      name: "no-folder-cycles",
      comment: "Two folders that import each other are one folder: move the shared part to a neutral module.",
      severity: "error",
      scope: "folder",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "no-module-cycles",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    ...FORBIDDEN_DIRECTIONS.map(([from, to]) => ({
      name: `${from}-imports-only-earlier-stages`,
      severity: "error",
      from: { path: stage(from) },
      to: { path: `^src/(${to.join("|")})/` },
    })),
    {
      name: "go-ports-are-a-leaf",
      comment: "src/go/ holds ports of Go's own functions: they import nothing of Phoenix, so every stage may use them.",
      severity: "error",
      from: { path: "^src/go/" },
      to: { path: "^src/", pathNot: "^src/go/" },
    },
    {
      name: "positions-are-a-leaf",
      comment: "src/positions/ turns offsets and document paths into line:column for every file type; it imports nothing of Phoenix.",
      severity: "error",
      from: { path: "^src/positions/" },
      to: { path: "^src/", pathNot: "^src/positions/" },
    },
    {
      name: "cli-deploys-through-pipeline",
      comment: "phoenix stack deploy loads, converts, applies and verifies through pipeline/, the functions phoenix sync runs: no second wiring in cli/.",
      severity: "error",
      from: { path: "^src/cli/" },
      to: { path: "^src/(compose/(load-compose|convert/)|swarm/(apply-|rotate-|prune-|deploy-run)|verify/)" },
    },
    {
      name: "no-dockerode-outside-swarm",
      comment: "Only swarm/ talks to Docker.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/swarm/" },
      to: { path: "node_modules/dockerode" },
    },
  ],
  options: {
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|dist-check|node_modules)/" },
  },
};
