#!/usr/bin/env bash
# Phoenix's main job on the bundled example config (etc/ and stacks/ at the
# top of this repo), against a local single-node swarm: sets the machine up
# (packages, dockerd, swarm, local images), starts the demo's certificate
# authority (pebble on loopback, scripts/demo-ca.sh), builds Phoenix, then
# runs it: the certificates are issued, then the gateway that uses them,
# which a local nginx then serves on loopback with its new certificate.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# What Phoenix is asked to do with the bundled config: check it, then sync it
# (deploy what changed, wait for convergence, roll back what fails). A second
# run finds everything in sync and makes no change.
phoenix_args=(sync --dir .)

print_step() { printf '\n==> %s\n' "$*"; }

print_step "set up the machine"
bash scripts/setup-machine.sh

print_step "start the demo's certificate authority (pebble and its DNS, on 127.0.10.1)"
bash scripts/demo-ca.sh start

print_step "build Phoenix"
bash scripts/ensure-node-modules.sh
npm run --silent build

print_step "phoenix validate --dir ."
node dist/cli/main.js validate --dir .

print_step "phoenix ${phoenix_args[*]}"
node dist/cli/main.js "${phoenix_args[@]}"

print_step "phoenix status"
node dist/cli/main.js status

print_step "phoenix certs --dir ."
node dist/cli/main.js certs --dir .

print_step "the NGINX gateway Phoenix rendered, and the certificate it issued for it"
gateway_cert=/var/lib/phoenix-demo/lxc-persistent-data/101/ssl/nginx.internal.example.test.crt
grep -E 'listen|ssl_certificate' /var/lib/phoenix-demo/nginx/sites-available/gateway
openssl x509 -noout -subject -issuer -enddate -ext subjectAltName -in "$gateway_cert"

# The rendered site served by a real nginx (on 127.0.10.1:8443 instead of
# *:443), checked by a TLS client that trusts pebble's issuing root only.
print_step "the gateway serving it: https://nginx.internal.example.test via 127.0.10.1:8443"
bash scripts/demo-ca.sh serve-gateway
served="$(openssl s_client -connect 127.0.10.1:8443 -servername nginx.internal.example.test \
  -verify_hostname nginx.internal.example.test -verify_return_error \
  -CAfile /var/lib/phoenix-demo/ca/root.pem </dev/null 2>/dev/null)"
openssl x509 -noout -subject -issuer -fingerprint -sha256 <<<"$served"
grep -E '^ *Verify return code' <<<"$served"
