#!/usr/bin/env bash
# The demo's certificate authority, on loopback only: pebble (the ACME test
# server of Let's Encrypt, Debian package `pebble`) and a dnsmasq that
# answers pebble's DNS-01 lookups from the DNS output's dnsmasq.d, where
# Phoenix writes its challenge records. The bundled example's settings
# (.github/phoenix.yml, `certificates:`) point at them.
#
#   demo-ca.sh start         start both unless they run (idempotent: pebble's
#                            issuing root changes at every start, so a running
#                            pebble is kept and its certificates stay valid)
#   demo-ca.sh restart-dns   restart the dnsmasq (the DNS target's reload)
#   demo-ca.sh serve-gateway serve the NGINX gateway site Phoenix rendered,
#                            with the certificate Phoenix issued, on loopback
#                            (start, or reload when it runs: a renewed
#                            certificate is then served)
#   demo-ca.sh stop          stop all three
#
# Everything lives under $PHOENIX_DEMO_DIR (default /var/lib/phoenix-demo);
# the address and ports can be moved with the variables below (tests do).
set -euo pipefail

demo_dir="${PHOENIX_DEMO_DIR:-/var/lib/phoenix-demo}"
address="${PHOENIX_DEMO_CA_ADDRESS:-127.0.10.1}"
acme_port="${PHOENIX_DEMO_ACME_PORT:-14000}"
management_port="${PHOENIX_DEMO_MANAGEMENT_PORT:-15000}"
dns_port="${PHOENIX_DEMO_DNS_PORT:-10053}"
gateway_http_port="${PHOENIX_DEMO_GATEWAY_HTTP_PORT:-8080}"
gateway_https_port="${PHOENIX_DEMO_GATEWAY_HTTPS_PORT:-8443}"
readonly demo_dir address acme_port management_port dns_port gateway_http_port gateway_https_port
readonly ca_dir="$demo_dir/ca"
readonly gateway_dir="$demo_dir/gateway"
script="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
readonly script
readonly wait_seconds=30

log() { printf '[demo-ca] %s\n' "$*"; }
fail() {
  printf '[demo-ca] error: %s\n' "$*" >&2
  exit 1
}

is_running() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

write_dnsmasq_config() {
  mkdir -p "$demo_dir/dns/dnsmasq.d"
  cat >"$ca_dir/dnsmasq.conf" <<EOF
# The demo's stand-in for the host's dnsmasq: it answers on loopback only and
# reads the records Phoenix writes to the DNS output's dnsmasq.d (the
# rendered records and the ACME DNS-01 TXT records). Nothing is forwarded.
port=$dns_port
listen-address=$address
bind-interfaces
no-resolv
no-hosts
local=/internal.example.test/
conf-dir=$demo_dir/dns/dnsmasq.d,*.conf
EOF
}

start_dns() {
  if is_running "$ca_dir/dnsmasq.pid"; then
    log "dnsmasq: running on $address:$dns_port"
    return
  fi
  write_dnsmasq_config
  dnsmasq -C "$ca_dir/dnsmasq.conf" --pid-file="$ca_dir/dnsmasq.pid" || fail "dnsmasq did not start"
  log "dnsmasq: started on $address:$dns_port"
}

restart_dns() {
  if is_running "$ca_dir/dnsmasq.pid"; then
    local pid i=0
    pid="$(cat "$ca_dir/dnsmasq.pid")"
    kill "$pid"
    while kill -0 "$pid" 2>/dev/null && ((i < 100)); do
      sleep 0.05
      i=$((i + 1))
    done
  fi
  rm -f "$ca_dir/dnsmasq.pid"
  start_dns >/dev/null
}

# Fetches a URL trusting only the pebble listener's certificate, with Node (always here: Phoenix needs it).
fetch() {
  node -e '
    const https = require("node:https");
    const fs = require("node:fs");
    https.get(process.argv[1], { ca: fs.readFileSync(process.argv[2]) }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => { if (res.statusCode !== 200) process.exit(1); process.stdout.write(body); });
    }).on("error", () => process.exit(1));
  ' "$1" "$ca_dir/pebble-listener.pem"
}

start_pebble() {
  if is_running "$ca_dir/pebble.pid"; then
    log "pebble: running, directory https://$address:$acme_port/dir"
    return
  fi
  # The listener's own TLS pair: what .github/phoenix.yml trusts for the directory (certificates.directoryTrust).
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj "/CN=phoenix demo pebble" \
    -addext "subjectAltName=IP:$address" -keyout "$ca_dir/pebble-listener.key" -out "$ca_dir/pebble-listener.pem" 2>/dev/null
  cat >"$ca_dir/pebble.json" <<EOF
{
  "pebble": {
    "listenAddress": "$address:$acme_port",
    "managementListenAddress": "$address:$management_port",
    "certificate": "$ca_dir/pebble-listener.pem",
    "privateKey": "$ca_dir/pebble-listener.key",
    "httpPort": $gateway_http_port,
    "tlsPort": 5001,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false,
    "certificateValidityPeriod": 7776000
  }
}
EOF
  # setsid: pebble outlives this script, like the demo's dockerd.
  PEBBLE_VA_NOSLEEP=1 PEBBLE_VA_ALWAYS_VALID=0 setsid pebble -config "$ca_dir/pebble.json" -dnsserver "$address:$dns_port" \
    </dev/null >"$ca_dir/pebble.log" 2>&1 &
  echo $! >"$ca_dir/pebble.pid"
  local deadline=$((SECONDS + wait_seconds))
  until fetch "https://$address:$acme_port/dir" >/dev/null; do
    is_running "$ca_dir/pebble.pid" || fail "pebble exited: $(tail -n 5 "$ca_dir/pebble.log")"
    ((SECONDS < deadline)) || fail "pebble did not answer within ${wait_seconds}s"
    sleep 0.2
  done
  # Its issuing root is new at every start: what the demo's trust store and issuer checks use (certificates.caRoot).
  fetch "https://$address:$management_port/roots/0" >"$ca_dir/root.pem.new"
  mv "$ca_dir/root.pem.new" "$ca_dir/root.pem"
  log "pebble: started, directory https://$address:$acme_port/dir"
}

# The DNS target's reload runs restart-dns (.github/phoenix.yml): a restart
# with this run's directory, address and port; serve-gateway likewise serves
# the gateway on this run's address and ports (a reload of the NGINX target,
# or a renewal command, may run it).
install_restart_command() {
  local command
  for command in restart-dns serve-gateway; do
    cat >"$ca_dir/$command" <<EOF
#!/bin/sh
exec env PHOENIX_DEMO_DIR='$demo_dir' PHOENIX_DEMO_CA_ADDRESS='$address' PHOENIX_DEMO_DNS_PORT='$dns_port' PHOENIX_DEMO_GATEWAY_HTTP_PORT='$gateway_http_port' PHOENIX_DEMO_GATEWAY_HTTPS_PORT='$gateway_https_port' bash '$script' $command
EOF
    chmod 755 "$ca_dir/$command"
  done
}

prepare_trust_store() {
  # update-ca-certificates pointed at the demo's own directories: the machine's trust store is never touched.
  local trust="$demo_dir/trust"
  mkdir -p "$trust/local" "$trust/share" "$trust/certs" "$trust/hooks"
  [[ -f "$trust/ca-certificates.conf" ]] || : >"$trust/ca-certificates.conf"
}

# The rendered site listens on 80 and 443 of every address, as in the
# gateway container; here a copy of it listens on the demo's loopback address
# only, so nothing of the machine's is taken. Everything else is the site as
# Phoenix wrote it: its server names, its certificate and key paths.
write_gateway_config() {
  local site="$demo_dir/nginx/sites-available/gateway"
  [[ -f "$site" ]] || fail "no gateway site at $site: run phoenix sync first"
  mkdir -p "$gateway_dir/logs"
  sed -E \
    -e "s/^([[:space:]]*listen[[:space:]]+)80([[:space:];])/\\1$address:$gateway_http_port\\2/" \
    -e "s/^([[:space:]]*listen[[:space:]]+)443([[:space:];])/\\1$address:$gateway_https_port\\2/" \
    "$site" >"$gateway_dir/gateway.conf"
  cat >"$gateway_dir/nginx.conf" <<EOF
# The demo's stand-in for the gateway container (LXC 101): the rendered site on loopback.
pid $gateway_dir/nginx.pid;
error_log $gateway_dir/logs/error.log;
events { worker_connections 64; }
http {
    access_log $gateway_dir/logs/access.log;
    client_body_temp_path $gateway_dir/client_body;
    proxy_temp_path $gateway_dir/proxy;
    fastcgi_temp_path $gateway_dir/fastcgi;
    uwsgi_temp_path $gateway_dir/uwsgi;
    scgi_temp_path $gateway_dir/scgi;
    include $gateway_dir/gateway.conf;
}
EOF
}

serve_gateway() {
  write_gateway_config
  local nginx=(nginx -c "$gateway_dir/nginx.conf" -p "$gateway_dir/")
  "${nginx[@]}" -t -q || fail "the gateway site does not pass nginx -t"
  if is_running "$gateway_dir/nginx.pid"; then
    "${nginx[@]}" -s reload 2>/dev/null || fail "nginx did not reload: $(tail -n 5 "$gateway_dir/logs/error.log")"
    log "gateway: reloaded, https://$address:$gateway_https_port"
    return
  fi
  "${nginx[@]}" || fail "nginx did not start: $(tail -n 5 "$gateway_dir/logs/error.log")"
  log "gateway: started, https://$address:$gateway_https_port"
}

stop_all() {
  local name
  for name in pebble dnsmasq; do
    if is_running "$ca_dir/$name.pid"; then kill "$(cat "$ca_dir/$name.pid")" && log "$name: stopped"; fi
    rm -f "$ca_dir/$name.pid"
  done
  if is_running "$gateway_dir/nginx.pid"; then kill "$(cat "$gateway_dir/nginx.pid")" && log "gateway: stopped"; fi
}

main() {
  mkdir -p "$ca_dir"
  chmod 700 "$ca_dir"
  case "${1:-}" in
    start)
      start_dns
      install_restart_command
      start_pebble
      prepare_trust_store
      ;;
    restart-dns) restart_dns ;;
    serve-gateway) serve_gateway ;;
    stop) stop_all ;;
    *) fail "usage: demo-ca.sh start|restart-dns|serve-gateway|stop" ;;
  esac
}

main "$@"
