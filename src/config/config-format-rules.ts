/**
 * The loading rules printed at the top of `docs/config-format.md`: what the
 * schemas alone cannot say. Kept next to the loader so a change of rule and
 * its description land together.
 */
export const CONFIG_FORMAT_RULES = `
## How Phoenix reads the files

- **Files.** \`etc/phoenix_hypervisor_config.json\`, \`etc/phoenix_lxc_configs.json\`
  and \`etc/phoenix_vm_configs.json\` are required; \`etc/phoenix_stacks_config.json\`,
  \`etc/certificate-manifest.json\` and \`stacks/<name>/phoenix.json\` are optional.
  Every file is checked, and all problems of all files are reported together as
  \`file:line:column severity path: message\`. Nothing is applied while any error remains.
- **Unknown keys** are kept (a newer layout may need them) and reported as warnings at the key.
- **Order.** Guests are the LXCs in the order of the keys in the file (not sorted),
  then the VMs in array order. The same order is kept for firewall rules and routes.
- **Guest ids** are one id space for CTIDs and VMIDs: an id, a name (compared
  case-insensitively, it becomes \`<name>.<domain>\` in DNS) and an address (\`dhcp\`
  excepted) may each be used by one guest only.
- **Templates.** An LXC with \`template_snapshot_name\` is a template; a VM with \`is_template: true\` is one.
- **Dependencies.** A guest depends on its \`clone_from_ctid\` / \`clone_from_vmid\`, then on its
  \`dependencies\`, in that order. Every id must exist, \`clone_from_ctid\` must name an LXC and
  \`clone_from_vmid\` a VM, and the graph must have no cycle.
- **Stacks.** A stack is a directory \`stacks/<name>/\` with \`docker-compose.yml\` (or
  \`docker-compose.yaml\`) plus a \`phoenix.json\`, an entry in \`etc/phoenix_stacks_config.json\`,
  or both. A directory with only a compose file is ignored with a warning. \`compose_file_path\`
  is kept for reference: Phoenix always reads the stack directory's compose file.
- **Merging the two stack files.** Per environment, the stack's \`phoenix.json\` wins: variables
  merge by \`name\`, files by \`destination_in_container\`, services by name (a warning names both
  files when their \`traefik_labels\` differ), and its \`firewall_rules\` replace the central ones.
- **Stack files.** \`files[].source\` is looked up in \`stacks/<name>/\`, then from the repo root.
  A \`persistent-storage/…\` source is a path on the hypervisor: kept with a warning, Phoenix
  cannot read it. Any other source that is not in the repo is an error.
- **Secrets.** Variables whose name contains PASS, PASSWORD, SECRET, TOKEN, KEY or CREDENTIAL
  (any case) are secrets and are masked wherever Phoenix prints.
- **Assignments.** A VM's \`docker_stacks\` entry is a stack name (deployed as \`production\`) or
  \`{name, environment}\`. The stack must exist; when it declares environments, the environment
  must be one of them. A stack deploys to the whole swarm, so one stack and environment may be
  assigned only once.
- **Roles** are derived, never hard-coded: the gateway is the guest whose \`traefik_service.name\`
  is \`nginx\` (else whose name contains \`nginx\`); the proxy has the feature \`traefik\`; the CA has
  \`step_ca\`; the Swarm manager is the VM with \`portainer_role: primary\` (or \`swarm_role: manager\`);
  workers have \`portainer_role: agent\` (or \`swarm_role: worker\`). When several guests qualify the
  first is used and a warning names the others.
- **Traefik routes.** A guest \`traefik_service\` is routed as \`<name>.<domain>\` to the guest's
  address; without \`scheme\` a VM is reached over https and an LXC over http (the rule of the
  bash generator, kept). Stack routes come from \`traefik.http.routers.<r>.rule=Host(...)\` labels
  (every \`Host\` name) with the port of \`traefik.http.services.<s>.loadbalancer.server.port\`, for
  each environment the stack is assigned to (\`production\` when it is not assigned). Guest service
  names must be unique, and so must stack router names; the two are separate Traefik providers.
- **Firewall.** The datacenter firewall is top-level \`firewall\` (newer layout) or
  \`shared_volumes.firewall\` (main layout); with both, the top-level block wins and the other is
  reported. Without either the firewall is disabled. Policies default to \`DROP\` in and \`ACCEPT\` out.
- **DNS records** declared with \`dns_records\` on LXCs and VMs are kept in guest order.
- **Values written into generated files** (dnsmasq, \`.fw\`, NGINX, Traefik) are held to the
  characters their form needs: host names, interface names, addresses, absolute paths of letters,
  digits, \`.\`, \`_\`, \`-\` and \`/\`, one-line comments, Traefik labels on one line with router rules
  in Traefik's rule grammar. A value that could end a directive or start another (a newline, \`;\`,
  \`#\`, a brace, a quote) is an error at its position, and the renderers refuse it again before
  anything is written.
`;
