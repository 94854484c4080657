#!/usr/bin/env bash
# The whole test suite, the one command behind `npm test` and CI:
# machine setup (packages, dockerd, swarm, test images), dependencies, lint,
# typecheck, build, then the unit tests beside the Phoenix image, the
# two-node swarm and the integration tests on the real daemons.
# Stops at the first failing stage and exits non-zero.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

suite_started=$SECONDS
stage_started=$SECONDS
current_stage=""

print_stage() {
  finish_stage
  current_stage="$1"
  stage_started=$SECONDS
  printf '\n==> %s\n' "$current_stage"
}

finish_stage() {
  if [[ -n "$current_stage" ]]; then printf '<== %s: ok (%ss)\n' "$current_stage" "$((SECONDS - stage_started))"; fi
  current_stage=""
}

report_failure() {
  local status=$?
  # A stage that failed leaves no test run behind it.
  local pids
  pids="$(jobs -p)"
  if [[ -n "$pids" ]]; then kill $pids 2>/dev/null || true; fi
  if ((status != 0)) && [[ -n "$current_stage" ]]; then
    printf '\n<== %s: FAILED (exit %s)\n' "$current_stage" "$status" >&2
  fi
}
trap report_failure EXIT

print_stage "setup machine"
bash scripts/setup-machine.sh

print_stage "dependencies"
bash scripts/ensure-node-modules.sh

print_stage "lint"
npm run --silent lint

print_stage "typecheck"
npm run --silent typecheck

print_stage "build"
npm run --silent build

# The unit tests are CPU work, and the stages after them mostly wait on
# daemons (an image build from cache, deploys on the swarms): they run beside
# those stages on one worker, and their output is printed, and their result
# counted, when the integration tests have ended.
finish_stage
printf '\n==> unit tests: started beside the stages below (one worker; output at the end)\n'
unit_log="$(mktemp)"
npx vitest run --project unit --maxWorkers=1 >"$unit_log" 2>&1 &
unit_pid=$!

# The image test/integration/deploy deploys. Its own stage, so that a failed
# image build is told apart from a failed test: a few minutes on a new machine
# (npm ci inside the build), seconds when its layers are cached.
print_stage "phoenix image"
bash scripts/build-phoenix-image.sh phoenix:dev

# A second swarm of two nodes, in network namespaces on this machine, for the
# placement and node-label tests (test/integration/topology). ~3 s when it
# has to start, about a second when it already runs.
print_stage "two-node swarm"
bash scripts/two-node-swarm.sh up

# Two projects at once, each one file at a time: the files on the shared
# single-node swarm, and the files with daemons of their own (the two-node
# swarm, their git servers, the docker CLI alone; see vitest.config.ts).
# The second's output is kept and printed when both have ended.
print_stage "integration tests"
own_log="$(mktemp)"
npx vitest run --project integration-own-daemons >"$own_log" 2>&1 &
own_pid=$!
shared_status=0
npx vitest run --project integration || shared_status=$?
own_status=0
wait "$own_pid" || own_status=$?
printf '\n==> integration tests on their own daemons (ran beside the above)\n'
cat "$own_log"
rm -f "$own_log"
unit_status=0
wait "$unit_pid" || unit_status=$?
printf '\n==> unit tests (ran beside the image, the two-node swarm and the integration tests)\n'
cat "$unit_log"
rm -f "$unit_log"
if ((shared_status != 0 || own_status != 0 || unit_status != 0)); then
  printf 'tests: integration on the shared swarm exit %s, on their own daemons exit %s, unit exit %s\n' "$shared_status" "$own_status" "$unit_status" >&2
  exit 1
fi

finish_stage
printf '\nAll stages passed in %ss.\n' "$((SECONDS - suite_started))"
