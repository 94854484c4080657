#!/usr/bin/env bash
# A real two-node Docker Swarm on this one machine, apart from the machine's
# own dockerd and its single-node swarm (docs/development.md, "The two-node
# swarm"):
#   - a bridge phxb0 holding 10.213.0.1/24, and two network namespaces phxn1
#     and phxn2, each with one veth (eth0) on the bridge: 10.213.0.11 and .12;
#   - a dockerd in each namespace (own data root, exec root, pidfile, socket
#     /run/docker-n1.sock and /run/docker-n2.sock, host names node-1 and
#     node-2), without iptables and without a default bridge;
#   - node-1 is the manager (advertising 10.213.0.11), node-2 a worker;
#   - the local test images loaded into both (no registry is reachable, and
#     DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 makes the daemons use them).
# Nothing leaves the machine: the namespaces have no route but their /24.
#
#   two-node-swarm.sh up      create what is missing (~3 s), or only check (<1 s)
#   two-node-swarm.sh down    stop both daemons and remove everything above
#   two-node-swarm.sh status  exit 0 when the swarm is up with two ready nodes
#
# Exit code 77 means the kernel refused network namespaces or veth pairs:
# callers skip the two-node tests with that reason. Needs root.
set -euo pipefail

if ((EUID != 0)); then exec sudo bash "${BASH_SOURCE[0]}" "$@"; fi

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly script_dir
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

readonly bridge=phxb0
readonly subnet_prefix=10.213.0
readonly bridge_address="$subnet_prefix.1/24"
readonly manager_address="$subnet_prefix.11"
readonly nodes=(1 2)
readonly images=(phoenix-test/busybox:1 phoenix-test/web:1 phoenix-test/web:2)
readonly lock_file=/run/lock/phoenix-two-node-swarm.lock
readonly daemon_wait_seconds=60
readonly unsupported_exit=77

log() { printf '[two-node-swarm] %s\n' "$*"; }
fail() {
  printf '[two-node-swarm] error: %s\n' "$*" >&2
  exit 1
}
unsupported() {
  printf '[two-node-swarm] unsupported: %s\n' "$*" >&2
  exit "$unsupported_exit"
}

netns_of() { echo "phxn$1"; }
veth_of() { echo "phxv$1"; }
address_of() { echo "$subnet_prefix.1$1"; }
socket_of() { echo "/run/docker-n$1.sock"; }
data_root_of() { echo "/var/lib/docker-n$1"; }
exec_root_of() { echo "/run/docker-n$1"; }
pidfile_of() { echo "/run/docker-n$1.pid"; }
log_of() { echo "/var/log/phoenix-docker-n$1.log"; }
hostname_of() { echo "node-$1"; }

node_docker() {
  local n=$1
  shift
  docker -H "unix://$(socket_of "$n")" "$@"
}

is_daemon_up() { node_docker "$1" info >/dev/null 2>&1; }

ensure_bridge() {
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    ip link add "$bridge" type bridge 2>/dev/null || unsupported "cannot create bridge $bridge"
  fi
  ip link set "$bridge" up
  ip -4 addr show dev "$bridge" | grep -q "inet $bridge_address" || ip addr add "$bridge_address" dev "$bridge"
}

ensure_namespace() {
  local n=$1 netns veth
  netns="$(netns_of "$n")"
  veth="$(veth_of "$n")"
  if [[ ! -e "/run/netns/$netns" ]]; then
    ip netns add "$netns" 2>/dev/null || unsupported "cannot create network namespace $netns"
  fi
  if ! ip link show "$veth" >/dev/null 2>&1; then
    ip link add "$veth" type veth peer name eth0 netns "$netns" 2>/dev/null || unsupported "cannot create veth pair $veth"
  fi
  ip link set "$veth" master "$bridge"
  ip link set "$veth" up
  ip -n "$netns" link set lo up
  ip -n "$netns" link set eth0 up
  ip -n "$netns" -4 addr show dev eth0 | grep -q "inet $(address_of "$n")/" || ip -n "$netns" addr add "$(address_of "$n")/24" dev eth0
}

start_daemon() {
  local n=$1
  mkdir -p "$(data_root_of "$n")" "$(exec_root_of "$n")"
  log "node-$n: starting dockerd (log: $(log_of "$n"))"
  # nsenter, not `ip netns exec`: the latter remounts /sys and dockerd then
  # fails with "Devices cgroup isn't mounted". unshare --uts gives the node
  # its own host name. setsid: the daemon outlives this script; 9>&-: it must
  # not hold the lock.
  DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 setsid nsenter --net="/run/netns/$(netns_of "$n")" unshare --uts \
    sh -c 'hostname "$1"; shift; exec dockerd "$@"' sh "$(hostname_of "$n")" \
    --data-root "$(data_root_of "$n")" --exec-root "$(exec_root_of "$n")" --pidfile "$(pidfile_of "$n")" \
    -H "unix://$(socket_of "$n")" --iptables=false --ip6tables=false --bridge=none \
    </dev/null >>"$(log_of "$n")" 2>&1 9>&- &
}

wait_for_daemon() {
  local n=$1 deadline=$((SECONDS + daemon_wait_seconds))
  until is_daemon_up "$n"; do
    if ((SECONDS >= deadline)); then
      tail -n 30 "$(log_of "$n")" >&2 || true
      fail "node-$n: dockerd did not answer within ${daemon_wait_seconds}s"
    fi
    sleep 0.2
  done
}

ensure_daemon() {
  local n=$1
  if is_daemon_up "$n"; then return; fi
  # A daemon that died leaves its pidfile behind; dockerd refuses to start over a live one only.
  start_daemon "$n"
  wait_for_daemon "$n"
}

swarm_state() { node_docker "$1" info --format '{{.Swarm.LocalNodeState}}/{{.Swarm.ControlAvailable}}/{{.Swarm.NodeAddr}}'; }

ensure_manager() {
  case "$(swarm_state 1)" in
    "active/true/$manager_address") return ;;
    inactive/*) ;;
    *)
      log "node-1: in another swarm, leaving it"
      node_docker 1 swarm leave --force >/dev/null
      ;;
  esac
  node_docker 1 swarm init --advertise-addr "$manager_address" --listen-addr "$manager_address:2377" >/dev/null
  log "node-1: swarm initialised (manager at $manager_address)"
}

# Node IDs of node-2 as the manager lists it, ready first.
worker_ids() { node_docker 1 node ls --format '{{.ID}} {{.Hostname}} {{.Status}}' | awk '$2 == "node-2" { print $1, $3 }'; }

ensure_worker() {
  local state ready
  state="$(swarm_state 2)"
  ready="$(worker_ids | awk '$2 == "Ready" { print $1 }' | head -n1)"
  if [[ "$state" == active/* && -n "$ready" ]]; then
    remove_stale_workers "$ready"
    return
  fi
  if [[ "$state" != inactive/* ]]; then
    log "node-2: not a ready member of node-1's swarm, leaving"
    node_docker 2 swarm leave --force >/dev/null || true
  fi
  node_docker 2 swarm join --advertise-addr "$(address_of 2)" --listen-addr "$(address_of 2):2377" \
    --token "$(node_docker 1 swarm join-token -q worker)" "$manager_address:2377" >/dev/null
  wait_for_worker_ready
  remove_stale_workers "$(worker_ids | awk '$2 == "Ready" { print $1 }' | head -n1)"
  log "node-2: joined as a worker"
}

wait_for_worker_ready() {
  local deadline=$((SECONDS + daemon_wait_seconds))
  until worker_ids | grep -q ' Ready$'; do
    ((SECONDS < deadline)) || fail "node-2 did not become ready within ${daemon_wait_seconds}s"
    sleep 0.2
  done
}

# A worker that left and joined again is listed twice; the old entry stays down.
remove_stale_workers() {
  local keep=$1 id
  while read -r id _; do
    [[ -n "$id" && "$id" != "$keep" ]] && node_docker 1 node rm --force "$id" >/dev/null
  done < <(worker_ids)
  return 0
}

# `tag id` of every image on a daemon (one list call: this runs on every `up`).
image_ids() { "$@" image ls --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}'; }

ensure_images() {
  local n=$1 wanted have image id missing=()
  wanted="$(image_ids docker)"
  have="$(image_ids node_docker "$n")"
  for image in "${images[@]}"; do
    id="$(awk -v tag="$image" '$1 == tag { print $2 }' <<<"$wanted")"
    [[ -n "$id" ]] || fail "$image is not on the machine's dockerd (run scripts/setup-machine.sh first)"
    grep -qxF "$image $id" <<<"$have" || missing+=("$image")
  done
  if ((${#missing[@]} > 0)); then
    docker save "${missing[@]}" | node_docker "$n" load >/dev/null
    log "node-$n: loaded ${missing[*]}"
  fi
}

is_up() {
  local n
  for n in "${nodes[@]}"; do is_daemon_up "$n" || return 1; done
  [[ "$(swarm_state 1)" == "active/true/$manager_address" ]] || return 1
  [[ "$(node_docker 1 node ls --format '{{.Hostname}} {{.Status}}' | sort -u)" == $'node-1 Ready\nnode-2 Ready' ]]
}

cmd_up() {
  local started=$SECONDS n
  command -v nsenter >/dev/null && command -v unshare >/dev/null && command -v ip >/dev/null ||
    fail "needs ip, nsenter and unshare (iproute2, util-linux)"
  docker info >/dev/null 2>&1 || fail "the machine's dockerd is not answering (run scripts/setup-machine.sh first)"
  ensure_bridge
  for n in "${nodes[@]}"; do ensure_namespace "$n"; done
  for n in "${nodes[@]}"; do is_daemon_up "$n" || start_daemon "$n"; done
  for n in "${nodes[@]}"; do wait_for_daemon "$n"; done
  ensure_manager
  ensure_worker
  for n in "${nodes[@]}"; do ensure_images "$n"; done
  log "up: manager unix://$(socket_of 1) (${manager_address}), worker unix://$(socket_of 2) ($(address_of 2)) in $((SECONDS - started))s"
}

stop_daemon() {
  local n=$1 pid deadline
  pid="$(cat "$(pidfile_of "$n")" 2>/dev/null || true)"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null; do
      ((SECONDS < deadline)) || {
        kill -9 "$pid" 2>/dev/null || true
        break
      }
      sleep 0.2
    done
  fi
  # Mounts the daemon left behind (overlay layers, netns files) block the removal of its roots.
  local root mount
  for root in "$(data_root_of "$n")" "$(exec_root_of "$n")"; do
    while read -r mount; do umount -l "$mount" 2>/dev/null || true; done < <(findmnt -rn -o TARGET | grep -F "$root/" | sort -r)
    rm -rf "$root"
  done
  rm -f "$(pidfile_of "$n")" "$(socket_of "$n")"
}

cmd_down() {
  local n
  for n in "${nodes[@]}"; do stop_daemon "$n"; done
  for n in "${nodes[@]}"; do
    ip link del "$(veth_of "$n")" 2>/dev/null || true
    [[ -e "/run/netns/$(netns_of "$n")" ]] && ip netns del "$(netns_of "$n")"
  done
  ip link del "$bridge" 2>/dev/null || true
  log "down"
}

main() {
  local command=${1:-up}
  mkdir -p /run/lock
  exec 9>"$lock_file"
  flock 9
  case "$command" in
    up) if is_up; then
      for n in "${nodes[@]}"; do ensure_images "$n"; done
      log "up (already running)"
    else cmd_up; fi ;;
    down) cmd_down ;;
    status) is_up ;;
    *) fail "usage: $0 up|down|status" ;;
  esac
}

main "$@"
