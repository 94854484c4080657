#!/usr/bin/env bash
# A one-node swarm and a Docker host outside it that Phoenix joins over SSH,
# for the `swarm.join` integration test (test/integration/topology/swarm-join.test.ts).
# Apart from the shared two-node swarm (10.213.0.0/24) and the machine's dockerd:
#   - a bridge phxjb0 holding 10.214.0.1/24, namespaces phxj1 (10.214.0.11) and phxj2 (10.214.0.12);
#   - a dockerd in each (sockets /run/docker-j1.sock, /run/docker-j2.sock, host names node-j1, node-j2);
#     node-j1 inits a swarm, node-j2 stays out of it;
#   - an sshd in phxj2 on 10.214.0.12:22 whose only key (generated in <dir>) gets
#     DOCKER_HOST=unix:///run/docker-j2.sock, so `ssh root@10.214.0.12 docker system dial-stdio`
#     reaches node-j2's daemon, as the docker CLI's ssh:// does.
#
#   join-test-swarm.sh up <dir>     <dir>: an empty temp dir for the keys and sshd's files
#   join-test-swarm.sh down <dir>   stop everything above and remove it (no leftovers)
# Exit code 77: no network namespaces, no sshd or no dockerd here; the test skips.
set -euo pipefail
if ((EUID != 0)); then exec sudo bash "${BASH_SOURCE[0]}" "$@"; fi
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

readonly bridge=phxjb0 prefix=10.214.0
readonly action="${1:-}" dir="${2:-}"
[[ -n "$dir" && "$dir" == /* ]] || { echo "usage: $0 up|down <absolute dir>" >&2; exit 2; }

down() {
  [[ -f "$dir/sshd.pid" ]] && kill "$(cat "$dir/sshd.pid")" 2>/dev/null || true
  for n in 1 2; do
    if [[ -f /run/docker-j$n.pid ]]; then
      pid="$(cat /run/docker-j$n.pid)"; kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    ip netns del phxj$n 2>/dev/null || true
    ip link del phxjv$n 2>/dev/null || true
    rm -rf /var/lib/docker-j$n /run/docker-j$n /run/docker-j$n.sock /run/docker-j$n.pid
  done
  ip link del "$bridge" 2>/dev/null || true
}

up() {
  command -v sshd >/dev/null && command -v dockerd >/dev/null && command -v docker >/dev/null || exit 77
  down
  ip link add "$bridge" type bridge || exit 77
  ip link set "$bridge" up && ip addr add "$prefix.1/24" dev "$bridge"
  for n in 1 2; do
    ip netns add phxj$n
    ip link add phxjv$n type veth peer name eth0 netns phxj$n
    ip link set phxjv$n master "$bridge" && ip link set phxjv$n up
    ip netns exec phxj$n ip addr add "$prefix.1$n/24" dev eth0
    ip netns exec phxj$n ip link set eth0 up && ip netns exec phxj$n ip link set lo up
    mkdir -p /var/lib/docker-j$n /run/docker-j$n
    # nsenter, not `ip netns exec` (which remounts /sys: dockerd then finds no devices cgroup).
    setsid nsenter --net=/run/netns/phxj$n unshare --uts sh -c "hostname node-j$n; exec dockerd \
      --data-root /var/lib/docker-j$n --exec-root /run/docker-j$n --pidfile /run/docker-j$n.pid \
      -H unix:///run/docker-j$n.sock --iptables=false --ip6tables=false --bridge=none" >"$dir/dockerd-j$n.log" 2>&1 </dev/null &
  done
  for n in 1 2; do
    for _ in $(seq 1 300); do docker -H unix:///run/docker-j$n.sock info >/dev/null 2>&1 && break; sleep 0.2; done
    docker -H unix:///run/docker-j$n.sock info >/dev/null
  done
  docker -H unix:///run/docker-j1.sock swarm init --advertise-addr "$prefix.11" >/dev/null
  ssh-keygen -q -t ed25519 -N "" -f "$dir/id_ed25519"
  ssh-keygen -q -t ed25519 -N "" -f "$dir/host_ed25519"
  printf 'environment="DOCKER_HOST=unix:///run/docker-j2.sock",no-port-forwarding,no-pty %s\n' "$(cat "$dir/id_ed25519.pub")" >"$dir/authorized_keys"
  cat >"$dir/sshd_config" <<CONFIG
ListenAddress $prefix.12:22
HostKey $dir/host_ed25519
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PermitUserEnvironment yes
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
CONFIG
  mkdir -p /run/sshd
  nsenter --net=/run/netns/phxj2 "$(command -v sshd)" -f "$dir/sshd_config" -E "$dir/sshd.log"
  for _ in $(seq 1 50); do [[ -f "$dir/sshd.pid" ]] && break; sleep 0.1; done
}

case "$action" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down <dir>" >&2; exit 2 ;;
esac
