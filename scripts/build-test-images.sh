#!/usr/bin/env bash
# Builds the images that Phoenix's tests and the example stacks (stacks/*) run.
# No registry is reachable on the test machines, so every image is made here
# from the machine's static busybox with `docker import`:
#   phoenix-test/busybox:1  busybox with all its applets; CMD /bin/sh
#   phoenix-test/web:1      the same plus /www/index.html "phoenix-test web 1";
#   phoenix-test/web:2        CMD serves /www on :8080. Version 2 differs in
#                             content, so moving a service from :1 to :2 is a
#                             real image change.
# Idempotent: an image is rebuilt only when missing or when its recipe (this
# script and the busybox binary) changed; the recipe hash is an image label.
set -euo pipefail

readonly busybox_bin="${PHOENIX_BUSYBOX:-/bin/busybox}"
readonly recipe_label=org.phoenix.test.recipe

log() { printf '[build-test-images] %s\n' "$*"; }
fail() {
  printf '[build-test-images] error: %s\n' "$*" >&2
  exit 1
}

compute_recipe_hash() {
  cat "${BASH_SOURCE[0]}" "$busybox_bin" | sha256sum | cut -c1-16
}

# stage_busybox_rootfs DIR: a root file system holding busybox and a link per applet.
stage_busybox_rootfs() {
  local root=$1 applet
  mkdir -p "$root/bin" "$root/usr/bin" "$root/etc" "$root/tmp" "$root/root" "$root/www" "$root/data"
  chmod 1777 "$root/tmp"
  cp "$busybox_bin" "$root/bin/busybox"
  while read -r applet; do
    if [[ -n "$applet" && "$applet" != busybox ]]; then ln -sf busybox "$root/bin/$applet"; fi
  done < <("$busybox_bin" --list)
  # Scripts written for other images call /usr/bin/env.
  ln -sf ../../bin/busybox "$root/usr/bin/env"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
}

# stage_web_content DIR VERSION: the page a web image serves, different per version.
stage_web_content() {
  local root=$1 version=$2
  printf '<!doctype html>\n<title>phoenix-test web %s</title>\n<p>phoenix-test web %s</p>\n' "$version" "$version" >"$root/www/index.html"
  printf 'phoenix-test web %s\n' "$version" >"$root/etc/phoenix-test-release"
}

is_image_current() {
  local tag=$1 recipe=$2 current
  current="$(docker image inspect --format "{{ index .Config.Labels \"$recipe_label\" }}" "$tag" 2>/dev/null)" || return 1
  [[ "$current" == "$recipe" ]]
}

# import_rootfs DIR TAG RECIPE CHANGE...: imports DIR as TAG with Dockerfile-style changes.
import_rootfs() {
  local root=$1 tag=$2 recipe=$3
  shift 3
  local changes=(-c "LABEL $recipe_label=$recipe")
  local change
  for change in "$@"; do changes+=(-c "$change"); done
  tar -C "$root" --numeric-owner --owner=0 --group=0 -c . | docker import "${changes[@]}" - "$tag" >/dev/null
  # The image must run: a dynamically linked busybox would fail only here.
  docker run --rm --network none --entrypoint /bin/sh "$tag" -c 'true' ||
    fail "$tag does not run; is $busybox_bin statically linked?"
}

# build_image TAG WEB_VERSION|"" RECIPE
build_image() {
  local tag=$1 web_version=$2 recipe=$3 root
  if is_image_current "$tag" "$recipe"; then
    log "$tag: up to date"
    return
  fi
  root="$work_dir/${tag//[\/:]/_}"
  stage_busybox_rootfs "$root"
  if [[ -n "$web_version" ]]; then
    stage_web_content "$root" "$web_version"
    import_rootfs "$root" "$tag" "$recipe" \
      'CMD ["/bin/httpd", "-f", "-p", "8080", "-h", "/www"]' 'EXPOSE 8080/tcp' "LABEL org.phoenix.test.web-version=$web_version"
  else
    import_rootfs "$root" "$tag" "$recipe" 'CMD ["/bin/sh"]'
  fi
  log "$tag: built"
}

main() {
  [[ -x "$busybox_bin" ]] || fail "$busybox_bin not found (apt-get install busybox-static)"
  docker info >/dev/null 2>&1 || fail "dockerd is not answering (run scripts/setup-machine.sh)"
  local recipe
  recipe="$(compute_recipe_hash)"
  work_dir="$(mktemp -d)"
  trap 'rm -rf "$work_dir"' EXIT
  build_image phoenix-test/busybox:1 "" "$recipe"
  build_image phoenix-test/web:1 1 "$recipe"
  build_image phoenix-test/web:2 2 "$recipe"
}

main "$@"
