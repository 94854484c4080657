import { describe, expect, it } from "vitest";
import { appManifest, buildRepo, loadRepo, lxc, vm } from "./config-repo.js";

const manager = (extra: Record<string, unknown> = {}) => vm(1001, "Manager", "10.0.0.111/24", { portainer_role: "primary", docker_stacks: ["app"], ...extra });

/** Each case breaks one thing in an otherwise valid repo and expects exactly these diagnostics. */
describe("a broken config is reported with file, position and path, and yields no state", () => {
  it("accepts the valid base repo", async () => {
    const result = await loadRepo(buildRepo());
    expect(result.messages).toEqual([]);
    expect(result.state?.guests.map((g) => g.id)).toEqual(["103", "102", "101", "1001"]);
  });

  it("an assigned stack that does not exist", async () => {
    const result = await loadRepo(buildRepo({ vms: [manager({ docker_stacks: ["app", "qdrant"] })] }));
    expect(result.messages).toEqual(['etc/phoenix_vm_configs.json:12:9 error vms[0].docker_stacks[1]: unknown stack "qdrant" (known: app)']);
    expect(result.state).toBeUndefined();
  });

  it("a dependency on a guest that does not exist", async () => {
    const result = await loadRepo(buildRepo({ lxcConfigs: [["101", lxc("Nginx", "10.0.0.153/24", { dependencies: ["103"] })]] }));
    expect(result.messages).toEqual(['etc/phoenix_lxc_configs.json:15:9 error lxc_configs["101"].dependencies[0]: depends on unknown guest 103']);
  });

  it("a dependency cycle, named in order", async () => {
    const lxcConfigs = [
      ["101", lxc("Nginx", "10.0.0.153/24", { dependencies: ["102"] })],
      ["102", lxc("Traefik", "10.0.0.12/24", { dependencies: ["101"] })],
    ] as const;
    const result = await loadRepo(buildRepo({ lxcConfigs }));
    expect(result.messages).toEqual(['etc/phoenix_lxc_configs.json:30:9 error lxc_configs["102"].dependencies[0]: dependency cycle: 101 → 102 → 101']);
  });

  it("the same id in the LXC and the VM file", async () => {
    const result = await loadRepo(buildRepo({ vms: [manager(), vm(101, "Worker", "10.0.0.102/24")] }));
    expect(result.messages).toEqual([
      'etc/phoenix_vm_configs.json:15:15 error vms[1].vmid: guest id 101 is already used by LXC 101 (Nginx) at etc/phoenix_lxc_configs.json:36:5',
    ]);
  });

  it("two guests on one address", async () => {
    const result = await loadRepo(buildRepo({ vms: [manager({ network_config: { ip: "10.0.0.12/16" } })] }));
    expect(result.messages).toEqual([
      'etc/phoenix_vm_configs.json:7:15 error vms[0].network_config.ip: address 10.0.0.12 is already used by LXC 102 (Traefik) at etc/phoenix_lxc_configs.json:27:15',
    ]);
  });

  it("two guests whose names differ only in case (one DNS name)", async () => {
    const result = await loadRepo(buildRepo({ vms: [manager({ name: "NGINX" })] }));
    expect(result.messages).toEqual([
      'etc/phoenix_vm_configs.json:5:15 error vms[0].name: name "NGINX" is already used by LXC 101 (Nginx) at etc/phoenix_lxc_configs.json:37:15',
    ]);
  });

  it("an address that is not a CIDR", async () => {
    const result = await loadRepo(buildRepo({ lxcConfigs: [["101", lxc("Nginx", "10.0.0.300/24")]] }));
    expect(result.messages).toEqual([
      'etc/phoenix_lxc_configs.json:12:15 error lxc_configs["101"].network_config.ip: must be an IPv4 address with prefix length, such as 10.0.0.5/24, or "dhcp", got "10.0.0.300/24"',
    ]);
  });

  it("a port above 65535, as a number and in a firewall port list", async () => {
    const firewall = { enabled: true, rules: [{ type: "in", action: "ACCEPT", proto: "tcp", port: "80,70000" }] };
    const result = await loadRepo(buildRepo({ lxcConfigs: [["101", lxc("Nginx", "10.0.0.153/24", { traefik_service: { name: "nginx", port: 70000 }, firewall })]] }));
    expect(result.messages).toEqual([
      'etc/phoenix_lxc_configs.json:16:17 error lxc_configs["101"].traefik_service.port: must be a port number between 1 and 65535, got 70000',
      'etc/phoenix_lxc_configs.json:25:21 error lxc_configs["101"].firewall.rules[0].port: must be ports between 1 and 65535 such as 80, 80,443 or 8000:8010, got "80,70000"',
    ]);
  });

  it("a MAC address with five octets", async () => {
    const result = await loadRepo(buildRepo({ lxcConfigs: [["101", lxc("Nginx", "10.0.0.153/24", { mac_address: "52:54:00:AA:BB" })]] }));
    expect(result.messages).toEqual([
      'etc/phoenix_lxc_configs.json:14:22 error lxc_configs["101"].mac_address: must be a MAC address such as 52:54:00:AA:BB:CC, got "52:54:00:AA:BB"',
    ]);
  });

  it("values of the wrong type", async () => {
    const result = await loadRepo(buildRepo({ lxcConfigs: [["101", lxc("Nginx", "10.0.0.153/24", { memory_mb: "2048", cores: 1.5, unprivileged: "yes" })]] }));
    expect(result.messages).toEqual([
      'etc/phoenix_lxc_configs.json:5:20 error lxc_configs["101"].memory_mb: expected a number, got string "2048"',
      'etc/phoenix_lxc_configs.json:6:16 error lxc_configs["101"].cores: expected a whole number, got number 1.5',
      'etc/phoenix_lxc_configs.json:14:23 error lxc_configs["101"].unprivileged: expected true or false, got string "yes"',
    ]);
  });

  it("a missing required key, at the object that lacks it", async () => {
    const { name: _name, ...nameless } = lxc("Nginx", "10.0.0.153/24");
    const result = await loadRepo(buildRepo({ lxcConfigs: [["101", nameless]], hypervisor: { dns_server: { enabled: true } } }));
    expect(result.messages).toEqual([
      'etc/phoenix_hypervisor_config.json:1:1 error: missing required key "domain_name"',
      'etc/phoenix_lxc_configs.json:3:12 error lxc_configs["101"]: missing required key "name"',
    ]);
  });

  it("malformed JSON", async () => {
    const result = await loadRepo(buildRepo({ files: { "etc/phoenix_vm_configs.json": '{\n  "vms": [\n    { "vmid": 1001, "name": "Manager", }\n  ]\n}\n' } }));
    expect(result.messages).toEqual(["etc/phoenix_vm_configs.json:3:40 error: invalid JSON: expected a property name in double quotes"]);
  });

  it("two guests publishing the same Traefik service name", async () => {
    const result = await loadRepo(buildRepo({ vms: [manager({ traefik_service: { name: "nginx", port: 9443 } })] }));
    expect(result.messages).toEqual([
      'etc/phoenix_vm_configs.json:14:17 error vms[0].traefik_service.name: Traefik service name "nginx" is already used by LXC 101 (Nginx) at etc/phoenix_lxc_configs.json:48:17',
      "etc/phoenix_vm_configs.json:3:5 warning vms[0]: 1001 (Manager) also qualifies as the gateway; 101 (Nginx) is used",
    ]);
  });

  it("an environment the stack does not define", async () => {
    const result = await loadRepo(buildRepo({ vms: [manager({ docker_stacks: [{ name: "app", environment: "staging" }] })] }));
    expect(result.messages).toEqual(['etc/phoenix_vm_configs.json:11:9 error vms[0].docker_stacks[0]: stack "app" has no environment "staging" (known: production)']);
  });

  it("a stack file that is neither in the stack directory nor in the repo", async () => {
    const manifest = appManifest();
    const production = (manifest.environments as Record<string, Record<string, unknown>>).production;
    if (production) production.files = [{ source: "configs/app.env", destination_in_container: "/app/.env" }];
    const result = await loadRepo(buildRepo({ files: { "stacks/app/phoenix.json": JSON.stringify(manifest, null, 2) } }));
    expect(result.messages).toEqual([
      'stacks/app/phoenix.json:21:21 error environments.production.files[0].source: file "configs/app.env" not found: looked for stacks/app/configs/app.env and configs/app.env',
    ]);
  });

  it("reports the errors of every file together", async () => {
    const result = await loadRepo(
      buildRepo({
        lxcConfigs: [["101", lxc("Nginx", "10.0.0.153/33")]],
        vms: [manager({ docker_stacks: ["qdrant"] })],
        certificates: [{ common_name: "nginx.internal.example.test", cert_path: "/c.crt", key_path: "/c.key", permissions: "0999" }],
        files: { "stacks/app/phoenix.json": '{ "environments": { "production": { } } ' },
      }),
    );
    expect(result.messages).toEqual([
      'etc/certificate-manifest.json:6:20 error [0].permissions: must be an octal file mode such as 640, got "0999"',
      'etc/phoenix_lxc_configs.json:12:15 error lxc_configs["101"].network_config.ip: must be an IPv4 address with prefix length, such as 10.0.0.5/24, or "dhcp", got "10.0.0.153/33"',
      'etc/phoenix_vm_configs.json:11:9 error vms[0].docker_stacks[0]: unknown stack "qdrant" (known: app)',
      "stacks/app/phoenix.json:1:41 error: invalid JSON: expected '}'",
    ]);
    expect(result.state).toBeUndefined();
  });

  it("a required file that is missing", async () => {
    const result = await loadRepo(buildRepo({ files: { "etc/phoenix_lxc_configs.json": undefined } }));
    expect(result.messages).toEqual(["etc/phoenix_lxc_configs.json error: required file is missing"]);
  });

  it("a guest key that is not a numeric id", async () => {
    const result = await loadRepo(buildRepo({ lxcConfigs: [["web", lxc("Nginx", "10.0.0.153/24", { dependencies: ["103"] })]] }));
    expect(result.messages).toEqual([
      'etc/phoenix_lxc_configs.json:3:5 error lxc_configs.web: key "web" must be a guest id (a number from 100 to 999999999) written as a string',
    ]);
  });

  it("the errors inside a {name, environment} entry, and an entry of neither form", async () => {
    const result = await loadRepo(buildRepo({ vms: [manager({ docker_stacks: [{ name: "app", environment: 5 }, 7] })] }));
    expect(result.messages).toEqual([
      "etc/phoenix_vm_configs.json:13:26 error vms[0].docker_stacks[0].environment: expected a string, got number 5",
      "etc/phoenix_vm_configs.json:15:9 error vms[0].docker_stacks[1]: must be a stack name or an object {name, environment}, got 7",
    ]);
  });
});

describe("secrets in messages", () => {
  it("never repeats a variable value or a credential", async () => {
    const manifest = { environments: { production: { variables: [{ name: "DB_PASS", value: 123456 }] } } };
    const hypervisor = { domain_name: "internal.example.test", portainer_api: { admin_password: 424242 } };
    const result = await loadRepo(buildRepo({ hypervisor, files: { "stacks/app/phoenix.json": JSON.stringify(manifest, null, 2) } }));
    expect(result.messages).toEqual([
      "etc/phoenix_hypervisor_config.json:4:23 error portainer_api.admin_password: expected a string, got a value that is not shown (secret)",
      "stacks/app/phoenix.json:7:20 error environments.production.variables[0].value: expected a string, got a value that is not shown (secret)",
    ]);
  });
});
