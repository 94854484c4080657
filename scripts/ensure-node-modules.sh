#!/usr/bin/env bash
# Runs `npm ci` unless node_modules already holds exactly what
# package-lock.json pins. npm records what it installed in
# node_modules/.package-lock.json; the two agree when every non-optional
# locked package is installed at its locked version and nothing else is
# (optional packages for other platforms are legitimately absent).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

is_node_modules_current() {
  [[ -f node_modules/.package-lock.json ]] || return 1
  node --input-type=module - <<'JS'
import { readFileSync } from "node:fs";
const locked = JSON.parse(readFileSync("package-lock.json", "utf8")).packages ?? {};
const installed = JSON.parse(readFileSync("node_modules/.package-lock.json", "utf8")).packages ?? {};
const stale = [];
for (const [name, entry] of Object.entries(locked)) {
  if (name === "") continue;
  const have = installed[name];
  if (have === undefined ? !entry.optional : have.version !== entry.version) stale.push(name);
}
for (const name of Object.keys(installed)) if (!(name in locked)) stale.push(name);
if (stale.length > 0) {
  console.error(`node_modules differs from package-lock.json: ${stale.slice(0, 5).join(", ")}${stale.length > 5 ? ", ..." : ""}`);
  process.exit(1);
}
JS
}

if is_node_modules_current; then
  echo "[ensure-node-modules] node_modules matches package-lock.json"
else
  echo "[ensure-node-modules] running npm ci"
  npm ci --no-audit --no-fund
fi
