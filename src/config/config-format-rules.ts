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
- **Unknown keys** are kept (a newer layout may need them) and reported as warnings at the key,
  with "did you mean" when a known key is a few edits away. A misspelt \`docker_stacks\` or
  \`environments\` (the known key absent beside it) is an error: what it lists would be deployed
  nowhere, and with \`prune: true\` removed as orphaned.
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
  must be one of them. One stack and environment listed by several VMs is one deployment that
  runs on all of their nodes (see below); listing it twice on one VM is an error, and so is
  listing it on a VM without the feature \`docker\`. A stack no VM lists is a warning: it is
  never deployed.
- **What the swarm would refuse mid-sync** is an error of \`validate\` and \`plan\`, at its compose
  entry: a published port (and protocol) two services of the swarm publish through the ingress,
  or one service publishes twice; a placement constraint swarmkit cannot parse (\`key==value\`
  or \`key!=value\`). A constraint key no node has (not \`node.id\`, \`node.hostname\`,
  \`node.ip\`, \`node.role\`, \`node.platform.os|arch\`, \`node.labels.*\`, \`engine.labels.*\`)
  is a warning: its tasks would never start.
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

## Swarm nodes and placement

A stack runs where it is assigned: on the Swarm node of the VM whose \`docker_stacks\` lists it,
as each VM was its own endpoint in the bash tooling (its GPUs, NFS mounts and volumes are there).

- **Swarm VMs.** A VM with the feature \`docker\` and a Swarm role (\`portainer_role\` \`primary\` or
  \`agent\`, or \`swarm_role\` \`manager\` or \`worker\`) is a Swarm node. Templates never are.
- **Which node plays which VM**, checked on every plan against the live nodes, first rule wins:
  1. \`swarm.nodes\` in \`.github/phoenix.yml\` maps the VMID to a node host name, a node ID, or
     \`self\` (the node Phoenix talks to);
  2. the node's address (\`Status.Addr\`) is the VM's \`network_config.ip\` without its prefix length;
  3. the node's host name (or its first DNS label) is the VM's \`name\`, ignoring case;
  4. a swarm of one node that no rule above gave a VM plays every Swarm VM: a laptop, the demo
     and single-node test swarms (advertising \`127.0.0.1\`), where every stack can only run on
     that node anyway. Placement is then moot: Phoenix adds no constraint and sets no node label
     (not even \`node_labels\`), so such a swarm is deployed exactly as before. To place and
     label on one node anyway (or to let it play some VMs and not others), map the VMs in
     \`swarm.nodes\`, e.g. \`{ 1001: self, 1002: self }\`.
  A node plays one VM by rules 2 and 3, and several only by rules 1 and 4. The plan and
  \`phoenix status\` show the mapping.
- **Findings.** A Swarm VM that no node plays is an error when a stack is placed on it (nothing
  is applied) and a warning otherwise; so is a \`swarm.nodes\` entry naming no node. A node that
  plays no VM, a manager VM (\`primary\`) played by a worker node, a node that is not ready, and
  a stack assigned to a VM that is no Swarm node (deployed without placement) are warnings.
- **Placement.** Phoenix labels each node \`org.phoenix.vm.<vmid>=true\` for each VM it plays, and
  appends \`node.labels.org.phoenix.vm.<vmid>==true\` to the placement constraints of every service
  of a stack assigned to that VM, after the compose file's own (an identical constraint is not
  repeated). Swarm constraints only AND, so a stack assigned in one environment to several VMs
  gets a label of its own, \`org.phoenix.stack.<namespace>=true\`, on each of their nodes, and a
  constraint on it. \`global\` services then run once on each of those nodes, and only there.
- **Moving a stack** to another VM changes that constraint: the plan shows it as a field change
  of each service (\`deploy.placement.constraints\`), and the sync's rolling update starts the
  tasks on the new node and stops them on the old one.
- **Opting out.** \`"placement": "any"\` in the stack's \`phoenix.json\` deploys it without a
  constraint of Phoenix's (its compose file's own still apply). A stack that no VM lists is
  not deployed, with or without it.
- **Node labels** (\`node_labels\` of a VM, \`key=value\`) are set on the node that plays the VM,
  together with Phoenix's own labels, through the Docker API; keys starting with \`org.phoenix.\`
  are Phoenix's and may not be declared. Phoenix records on the node which labels it set
  (\`org.phoenix.owned-labels.<instance>\`, a comma-separated list of keys): a label that leaves
  the config is removed only when that record lists it, and labels set by hand or by another
  Phoenix instance are never touched (a key the config declares is taken over). Where one node
  plays several VMs whose \`node_labels\` disagree on a key, the first VM wins and a warning says
  so. The node's role and availability are shown, never changed.
- **Node labels and the apply order.** New and changed node labels are set before the stacks
  deploy (their constraints need them); labels no longer used are removed after the stacks, and
  only when none of them failed (a rolled-back stack may still need them; the next sync removes
  them), so no service is ever left without a node its constraint matches. A second sync of an
  unchanged config writes nothing.

### Joining VMs

Swarm init and join are bootstrap: \`phoenix swarm join-plan\` prints the commands, with the
join token's secret part masked and the command that reads it on a manager. Where a VM's
Docker API is reachable over SSH, \`phoenix sync\` can join it instead, when \`swarm.join.enabled\`
is on in \`.github/phoenix.yml\` (off by default; docs/settings.md):

- Each Swarm VM with an address that no node plays (and that \`swarm.nodes\` does not map) gets a
  step \`join/<vmid>\` in the plan ("no node: sync joins it as worker over ssh://root@10.0.0.12")
  instead of the "no node plays it" finding; its stacks are constrained to it and its labels
  planned as for a node that is there.
- The sync reaches the VM's daemon as the docker CLI reaches \`DOCKER_HOST=ssh://user@ip\`:
  \`ssh -o BatchMode=yes -l <user> -- <ip> docker system dial-stdio\` (keys only, the options of
  the ssh infra targets). It reads the join token for the VM's role (manager or worker) and the
  leader's address from the swarm Phoenix talks to, and calls \`POST /swarm/join\` on the VM's
  daemon (\`RemoteAddrs\` the leader's \`<address>:2377\`, \`ListenAddr\` \`0.0.0.0:2377\`,
  \`AdvertiseAddr\` the VM's address). The new node then gets its labels in the same sync.
- The token is a secret: it is masked in every log line, report and error, never in the plan.
- A VM whose daemon is already in this swarm is left alone (a second sync makes no join call);
  one in another swarm fails its step and is never made to leave.
- The setting is trusted (a pull request cannot turn it on or change the user), and
  \`PHOENIX_ALLOWED_HOSTS\` must allow every Swarm VM's address (\`phoenix serve\` allows none
  until the operator lists them).

## Apply order

\`phoenix sync\` applies only the units whose plan changed, in this order (the plan's
"Apply order" lists it), following the seeds of the bash tooling:

1. **Certificates, DNS and the firewall**: guests must resolve and reach each other first.
2. **Traefik and the NGINX gateway**, when a VM that runs stacks depends on their guest
   (its \`dependencies\`, directly or through other guests; in the bundled example VM 1001
   depends on the Traefik container 102).
3. **Joins** of Swarm VMs no node plays (\`swarm.join\`), each with its node labels; then the
   **node labels** that placement needs: set and changed, none removed.
4. **The stacks**, in dependency order: a stack comes after
   - the stacks named in its \`phoenix.json\` \`depends_on\` (every environment they are deployed in), and
   - the stacks of the VMs its own VM depends on (\`dependencies\` of the VM, followed through
     other guests): a stack inherits its VM's dependencies.

   Each step lists what it waits for (\`after\`). Independent stacks deploy side by side, at
   most \`swarm.concurrency\` at once (default 4); a stack starts only when every stack it waits
   for has converged, and is skipped (\`not deployed\`) when one of them failed or was rolled
   back. A cycle (through \`depends_on\` and the VMs' dependencies) is an error at the
   declaration that closes it, naming the path; \`depends_on\` must name stacks of the config.
   With \`--detach\` nothing waits for convergence, so the order is kept but not the waiting.
5. **Node labels no longer used**: removed (held when a stack failed).
6. **Traefik and NGINX** otherwise: they route to what now runs.

## Readiness

Every plan that reads its targets checks, as the seeds did before a sync, that what the stacks
need answers. A failed check is a plan warning (\`READINESS_*\`) and holds back part of the sync:

| check | how | holds back |
| --- | --- | --- |
| DNS | a query for a name of the domain to the DNS server (\`network.interfaces.address\`, port 53) | the stacks and node labels |
| Traefik | a TCP connection to the Traefik guest on its \`traefik_service\` port (else 80) | the stacks and node labels |
| CA | a TCP connection to the CA guest on its \`traefik_service\` port (else 9000) | only the certificates |
| swarm quorum | more than half of the managers reachable (\`docker node ls\`) | the stacks and node labels |

Held stacks are reported as \`not deployed\` with the reason, the run fails, and nothing of
them is written; infra outputs are still applied (a DNS or firewall change may be the fix).
A check of a component Phoenix does not manage here is off: DNS and Traefik are checked only
when their target is not \`none\` and Phoenix runs its own daemon steps (no \`reload\` of the
repo's), the CA only when \`readiness.ca\` is on; \`readiness:\` in \`.github/phoenix.yml\` turns
each check on or off. So a swarm-only repo, the demo and test setups need none of these
components, and no check sends traffic anywhere they did not ask for. For a pull request the
addresses and the switches come from the trusted ref.
`;
