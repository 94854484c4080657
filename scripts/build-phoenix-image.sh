#!/usr/bin/env bash
# Builds the Phoenix image (`phoenix serve`) from the repo's Dockerfile:
#
#   bash scripts/build-phoenix-image.sh [TAG]        # TAG defaults to phoenix:dev
#
# The Dockerfile stays the production one: its base is the build argument
# NODE_IMAGE, node:20-slim by default. This script uses node:20-slim when it
# is present or can be pulled. Where no registry is reachable (the project's
# test machines), it first assembles a stand-in, phoenix-local/node:20, from
# this machine's own Node 20 and builds on that. The stand-in has what the
# Dockerfile's steps and `phoenix serve` use from node:20-slim, at the same
# paths:
#   /usr/local/bin/node, npm and npx    the host's node binary and npm package
#   the shared libraries they load      found with ldd, plus an ld.so.cache
#   /usr/sbin/useradd, groupadd         the host's shadow tools, their libraries,
#                                       login.defs and skel: `RUN useradd` works
#   /bin/sh and the basic commands      the host's static busybox (npm scripts need
#                                       sh); Dockerfile steps must keep to options
#                                       busybox has too (its find has no -delete)
#   /etc/passwd, group, shadow          root, nobody and node (uid 1000, as in node:20-slim)
#   /etc/ssl/certs/ca-certificates.crt  the host's CA bundle, trusted by Node through
#                                       NODE_EXTRA_CA_CERTS (so npm works behind
#                                       this machine's TLS-inspecting egress proxy)
# The stand-in is rebuilt only when its recipe (the functions below that make
# it, and the host's node, npm, busybox, useradd and CA bundle) changed; the
# recipe hash is an image label.
#
# Environment:
#   NODE_IMAGE              the base to build on; no detection, no stand-in
#   PHOENIX_LOCAL_BASE=1    skip node:20-slim and use the stand-in
#   PHOENIX_BUILD_NETWORK   network of the build's RUN steps (default host:
#                           with dockerd started --iptables=false, containers on
#                           the bridge have no outbound NAT, and npm ci must
#                           reach the npm registry)
#   HTTP_PROXY, HTTPS_PROXY, NO_PROXY   passed to the build when set
set -euo pipefail

readonly default_tag=phoenix:dev
readonly upstream_base=node:20-slim
readonly local_base=phoenix-local/node:20
readonly build_stage_tag=phoenix-local/phoenix-build-stage:latest
readonly recipe_label=org.phoenix.local-base.recipe
readonly busybox_bin="${PHOENIX_BUSYBOX:-/bin/busybox}"
readonly ca_bundle=/etc/ssl/certs/ca-certificates.crt

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly repo_root

log() { printf '[build-phoenix-image] %s\n' "$*"; }
fail() {
  printf '[build-phoenix-image] error: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------
# The stand-in base image

# find_host_tools: the host's node, npm, useradd and groupadd, into globals.
find_host_tools() {
  node_bin="$(command -v node)" || fail "node not found on PATH"
  node_bin="$(readlink -f "$node_bin")"
  npm_dir="$(dirname "$node_bin")/../lib/node_modules/npm"
  [[ -f "$npm_dir/package.json" ]] || fail "npm not found next to $node_bin (expected $npm_dir)"
  npm_dir="$(cd "$npm_dir" && pwd)"
  useradd_bin="$(PATH="$PATH:/usr/sbin:/sbin" command -v useradd)" || fail "useradd not found (apt-get install passwd)"
  groupadd_bin="$(PATH="$PATH:/usr/sbin:/sbin" command -v groupadd)" || fail "groupadd not found (apt-get install passwd)"
  [[ -x "$busybox_bin" ]] || fail "$busybox_bin not found (apt-get install busybox-static)"
  [[ -f "$ca_bundle" ]] || fail "$ca_bundle not found (apt-get install ca-certificates)"
}

# The recipe: the functions that make the stand-in and the host files it is
# made of (not the whole script, so that editing the Phoenix build part does
# not rebuild the base and with it every cached layer).
compute_recipe_hash() {
  {
    declare -f copy_with_libraries stage_local_base import_local_base
    cat "$node_bin" "$npm_dir/package.json" "$busybox_bin" "$useradd_bin" "$ca_bundle"
  } | sha256sum | cut -c1-16
}

is_local_base_current() {
  local recipe=$1 current
  current="$(docker image inspect --format "{{ index .Config.Labels \"$recipe_label\" }}" "$local_base" 2>/dev/null)" || return 1
  [[ "$current" == "$recipe" ]]
}

# copy_with_libraries ROOT FILE...: each FILE at its own path under ROOT, with
# every shared library ldd says it loads (and the dynamic loader).
copy_with_libraries() {
  local root=$1 file lib
  shift
  for file in "$@"; do
    mkdir -p "$root$(dirname "$file")"
    cp -L "$file" "$root$file"
    while read -r lib; do
      if [[ -e "$root$lib" ]]; then continue; fi
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done < <(ldd "$file" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }')
  done
}

# stage_local_base ROOT: the root file system of the stand-in.
stage_local_base() {
  local root=$1 libc_dir applet

  # Debian's merged /usr: /bin, /sbin, /lib and /lib64 are links into /usr, so
  # a library copied to the path ldd names lands in /usr.
  mkdir -p "$root"/usr/{bin,sbin,lib,lib64,local/bin,local/lib/node_modules} \
    "$root"/{etc/ssl/certs,etc/default,home,root,run,tmp,var/tmp,var/mail}
  ln -s usr/bin "$root/bin"
  ln -s usr/sbin "$root/sbin"
  ln -s usr/lib "$root/lib"
  ln -s usr/lib64 "$root/lib64"
  chmod 1777 "$root/tmp" "$root/var/tmp"
  chmod 700 "$root/root"

  copy_with_libraries "$root" "$node_bin" "$useradd_bin" "$groupadd_bin"
  mv "$root$node_bin" "$root/usr/local/bin/node"
  cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"

  cp "$busybox_bin" "$root/usr/bin/busybox"
  while read -r applet; do
    if [[ -n "$applet" && "$applet" != busybox && ! -e "$root/usr/bin/$applet" && ! -e "$root/usr/sbin/$applet" ]]; then
      ln -s busybox "$root/usr/bin/$applet"
    fi
  done < <("$busybox_bin" --list)

  # The loader finds the libraries through a cache, as on the host.
  libc_dir="$(dirname "$(ldd "$node_bin" | awk '$1 == "libc.so.6" { print $3 }')")"
  printf '/usr/local/lib\n%s\n' "$libc_dir" >"$root/etc/ld.so.conf"
  PATH="$PATH:/usr/sbin:/sbin" ldconfig -r "$root"

  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' \
    'node:x:1000:1000::/home/node:/bin/sh' >"$root/etc/passwd"
  printf '%s\n' 'root:x:0:' 'shadow:x:42:' 'users:x:100:' 'nogroup:x:65534:' 'node:x:1000:' >"$root/etc/group"
  printf '%s\n' 'root:*:19000:0:99999:7:::' 'nobody:*:19000:0:99999:7:::' 'node:!:19000:0:99999:7:::' >"$root/etc/shadow"
  printf '%s\n' 'root:*::' 'shadow:*::' 'users:*::' 'nogroup:*::' 'node:!::' >"$root/etc/gshadow"
  chmod 640 "$root/etc/shadow" "$root/etc/gshadow"
  mkdir -p "$root/home/node" && chown 1000:1000 "$root/home/node"
  printf '%s\n' 'passwd: files' 'group: files' 'shadow: files' 'hosts: files dns' >"$root/etc/nsswitch.conf"
  cp /etc/login.defs "$root/etc/login.defs"
  if [[ -f /etc/default/useradd ]]; then cp /etc/default/useradd "$root/etc/default/useradd"; fi
  cp -a /etc/skel "$root/etc/skel"
  cp -L "$ca_bundle" "$root$ca_bundle"
}

# import_local_base ROOT RECIPE NODE_VERSION
import_local_base() {
  local root=$1 recipe=$2 node_version=$3
  tar -C "$root" --numeric-owner -c . | docker import \
    -c "LABEL $recipe_label=$recipe" \
    -c "LABEL org.opencontainers.image.description=\"stand-in for $upstream_base: Node $node_version from the build machine\"" \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c "ENV NODE_VERSION=$node_version" \
    -c "ENV NODE_EXTRA_CA_CERTS=$ca_bundle" \
    -c 'CMD ["node"]' - "$local_base" >/dev/null
}

build_local_base() {
  local recipe node_version root
  find_host_tools
  node_version="$("$node_bin" -p 'process.versions.node')"
  [[ "${node_version%%.*}" == 20 ]] ||
    fail "this machine has Node $node_version; the image is Node 20 (set NODE_IMAGE to a Node 20 image)"
  recipe="$(compute_recipe_hash)"
  if is_local_base_current "$recipe"; then
    log "$local_base: up to date (Node $node_version from this machine)"
    return
  fi
  root="$work_dir/rootfs"
  stage_local_base "$root"
  import_local_base "$root" "$recipe" "$node_version"
  # The image must run what the Dockerfile runs: node, npm, sh, useradd.
  docker run --rm --network none "$local_base" sh -c \
    'node -e "require(\"node:crypto\").createHash(\"sha256\")" && npm --version >/dev/null && useradd --create-home --uid 10001 probe && id probe >/dev/null' ||
    fail "$local_base was built but does not run node, npm and useradd"
  log "$local_base: built (Node $node_version from this machine, $(image_size "$local_base"))"
}

# ---------------------------------------------------------------------------
# The Phoenix image

image_size() { docker image inspect --format '{{ .Size }}' "$1" | awk '{ printf "%d MB", $1 / 1000000 }'; }

# choose_base: the image to build on, into the global base_image.
choose_base() {
  if [[ -n "${NODE_IMAGE:-}" ]]; then
    base_image=$NODE_IMAGE
    return
  fi
  if [[ "${PHOENIX_LOCAL_BASE:-}" != 1 ]]; then
    if docker image inspect "$upstream_base" >/dev/null 2>&1 || timeout 120 docker pull -q "$upstream_base" >/dev/null 2>&1; then
      base_image=$upstream_base
      return
    fi
    log "$upstream_base cannot be pulled here: building on a stand-in made from this machine's Node"
  fi
  build_local_base
  base_image=$local_base
}

# remove_stale_images: the images that earlier builds on the stand-in left
# untagged (a replaced phoenix image, an outdated build stage, ~0.9 GB with its
# dev dependencies). They inherit the stand-in's recipe label, so nothing else
# on a shared daemon is touched; one still in use is kept.
remove_stale_images() {
  local id
  while read -r id; do
    docker image rm "$id" >/dev/null 2>&1 || true
  done < <(docker images -q --filter dangling=true --filter "label=$recipe_label")
}

build_phoenix_image() {
  local tag=$1 base=$2 proxy
  # --force-rm: a failed step leaves no container (and so no image) behind.
  local args=(--network "${PHOENIX_BUILD_NETWORK:-host}" --force-rm --build-arg "NODE_IMAGE=$base")
  for proxy in HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy; do
    if [[ -n "${!proxy:-}" ]]; then args+=(--build-arg "$proxy"); fi
  done
  log "$tag: building on $base"
  # The build stage keeps a tag, so that it stays the cache of the next build
  # (npm ci reruns only when package*.json changed) while older ones can go.
  docker build "${args[@]}" --target build -t "$build_stage_tag" "$repo_root"
  docker build "${args[@]}" -t "$tag" "$repo_root"
  if [[ "$base" == "$local_base" ]]; then remove_stale_images; fi
  docker run --rm --network none "$tag" --version >/dev/null || fail "$tag was built but \`phoenix --version\` fails in it"
  log "$tag: built ($(image_size "$tag"); build stage cached as $build_stage_tag)"
}

main() {
  local tag=${1:-$default_tag} started=$SECONDS
  docker info >/dev/null 2>&1 || fail "dockerd is not answering (run scripts/setup-machine.sh)"
  work_dir="$(mktemp -d)"
  trap 'rm -rf "$work_dir"' EXIT
  choose_base
  build_phoenix_image "$tag" "$base_image"
  log "done in $((SECONDS - started))s"
}

main "$@"
