#!/usr/bin/env bash
# Puts this machine into the state Phoenix's tests and demo expect:
#   1. the Debian packages they drive (Docker, nginx, dnsmasq, pebble, nft, git,
#      openssl, ca-certificates, iproute2, sshd, procps), installed with
#      apt-get when missing;
#   2. a running dockerd (started without iptables: the sandbox has no
#      iptables rights, and nothing here needs NAT);
#   3. a single-node swarm advertising 127.0.0.1;
#   4. the local test images (scripts/build-test-images.sh): no registry is
#      reachable, so nothing can be pulled.
# Idempotent: on a machine that is already set up it only checks, in about a
# second, and changes nothing. Needs root: re-runs itself with sudo otherwise.
set -euo pipefail

if ((EUID != 0)); then exec sudo bash "${BASH_SOURCE[0]}" "$@"; fi

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly script_dir
readonly dockerd_log=/var/log/phoenix-dockerd.log
readonly apt_log=/var/log/phoenix-apt.log
readonly dockerd_wait_seconds=60

# Debian keeps daemons in sbin, which a non-login root shell may not have on PATH.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

log() { printf '[setup-machine] %s\n' "$*"; }
fail() {
  printf '[setup-machine] error: %s\n' "$*" >&2
  exit 1
}

is_package_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" == ii* ]]
}

is_package_available() {
  local candidate
  candidate="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }')"
  [[ -n "$candidate" && "$candidate" != "(none)" ]]
}

# Any Docker engine counts (GitHub's docker-ce, Debian's docker.io, moby):
# installing docker.io next to docker-ce would fight over containerd.
has_docker_engine() {
  command -v dockerd >/dev/null 2>&1 || is_package_installed docker.io || is_package_installed docker-ce || is_package_installed moby-engine
}

# Prints the packages that are missing, one per line. Each requirement is met
# by a command on PATH or by its package; busybox must be the static build,
# because it is the only file in the test images.
list_missing_packages() {
  has_docker_engine || echo docker.io
  is_package_installed busybox-static || echo busybox-static
  command -v nginx >/dev/null 2>&1 || echo nginx-light
  command -v dnsmasq >/dev/null 2>&1 || echo dnsmasq-base
  command -v pebble >/dev/null 2>&1 || echo pebble
  command -v nft >/dev/null 2>&1 || echo nftables
  command -v git >/dev/null 2>&1 || echo git
  command -v openssl >/dev/null 2>&1 || echo openssl
  command -v update-ca-certificates >/dev/null 2>&1 || echo ca-certificates
  command -v ip >/dev/null 2>&1 || echo iproute2
  [[ -x /usr/sbin/sshd ]] || echo openssh-server
  command -v ssh-keygen >/dev/null 2>&1 || echo openssh-client
  command -v pgrep >/dev/null 2>&1 || echo procps
}

# apt-get with its output in $apt_log, shown only when it fails.
run_apt_get() {
  if ! apt-get -o DPkg::Lock::Timeout=300 -q "$@" >>"$apt_log" 2>&1; then
    tail -n 40 "$apt_log" >&2
    fail "apt-get $1 failed (full log: $apt_log)"
  fi
}

install_missing_packages() {
  local missing=() package i
  mapfile -t missing < <(list_missing_packages)
  if ((${#missing[@]} == 0)); then
    log "packages: all present"
    return
  fi
  log "packages: installing ${missing[*]} (log: $apt_log)"
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l
  run_apt_get update
  # Ubuntu dropped nginx-light; its plain nginx package serves the same purpose.
  for i in "${!missing[@]}"; do
    package="${missing[$i]}"
    if [[ "$package" == nginx-light ]] && ! is_package_available nginx-light; then missing[i]=nginx; fi
  done
  run_apt_get install -y "${missing[@]}"
  local still_missing
  still_missing="$(list_missing_packages | tr '\n' ' ')"
  [[ -z "${still_missing// /}" ]] || fail "still missing after apt-get install: $still_missing"
}

is_docker_up() { docker info >/dev/null 2>&1; }

start_dockerd() {
  if [[ -d /run/systemd/system ]] && systemctl cat docker.service >/dev/null 2>&1; then
    log "dockerd: starting docker.service"
    systemctl start docker.service || true
    return
  fi
  log "dockerd: starting (--iptables=false --ip6tables=false, log: $dockerd_log)"
  # setsid: the daemon must outlive this script and the job that ran it;
  # 9>&-: it must not hold the setup lock.
  setsid dockerd --iptables=false --ip6tables=false </dev/null >>"$dockerd_log" 2>&1 9>&- &
}

wait_for_docker() {
  local deadline=$((SECONDS + dockerd_wait_seconds))
  until is_docker_up; do
    if ((SECONDS >= deadline)); then
      [[ -f "$dockerd_log" ]] && tail -n 30 "$dockerd_log" >&2
      fail "dockerd did not answer within ${dockerd_wait_seconds}s"
    fi
    sleep 0.5
  done
}

ensure_docker_running() {
  if is_docker_up; then
    log "dockerd: running"
    return
  fi
  start_dockerd
  wait_for_docker
  log "dockerd: up ($(docker version --format '{{.Server.Version}}, API {{.Server.APIVersion}}'))"
}

ensure_swarm_active() {
  local state
  state="$(docker info --format '{{.Swarm.LocalNodeState}}')"
  case "$state" in
    active)
      [[ "$(docker info --format '{{.Swarm.ControlAvailable}}')" == true ]] ||
        fail "this node is in a swarm but not a manager; leave it first (docker swarm leave --force)"
      log "swarm: active"
      return
      ;;
    inactive) ;;
    *)
      log "swarm: state '$state', leaving it to start over"
      docker swarm leave --force >/dev/null
      ;;
  esac
  # Loopback keeps the swarm independent of this machine's interfaces; a
  # single node needs no reachable address.
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null
  log "swarm: initialised (advertising 127.0.0.1)"
}

main() {
  ((EUID == 0)) || fail "run as root (sudo bash scripts/setup-machine.sh): it installs packages and starts dockerd"
  local started=$SECONDS
  # Test runs started side by side must not both start dockerd or init the swarm.
  mkdir -p /run/lock
  exec 9>/run/lock/phoenix-setup-machine.lock
  flock 9
  install_missing_packages
  ensure_docker_running
  ensure_swarm_active
  bash "$script_dir/build-test-images.sh"
  log "done in $((SECONDS - started))s"
}

main "$@"
