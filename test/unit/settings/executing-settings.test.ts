import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../../src/diagnostics.js";
import { ALLOWED_SSH_OPTIONS } from "../../../src/infra/targets/ssh-options.js";
import { parseRepoSettings } from "../../../src/settings/load-repo-settings.js";
import { createSecretNameMatcher } from "../../../src/settings/secret-patterns.js";

/** The settings of one `dns` target, as YAML flow mapping text. */
const dnsTarget = (fields: Record<string, unknown>) => `infra:\n  targets:\n    dns: ${JSON.stringify(fields)}\n`;
const ssh = (fields: Record<string, unknown>) => dnsTarget({ kind: "ssh", host: "pve.example.test", ...fields });
const errors = (text: string) => parseRepoSettings(text).diagnostics.filter((d) => d.severity === "error");
const messages = (text: string) => errors(text).map((d) => d.message);
const formatted = (text: string) => parseRepoSettings(text).diagnostics.map(formatDiagnostic);

describe("ssh options", () => {
  const allowed: Record<string, string> = {
    AddressFamily: "inet6",
    BatchMode: "yes",
    CheckHostIP: "no",
    Ciphers: "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com",
    Compression: "yes",
    ConnectionAttempts: "3",
    ConnectTimeout: "10",
    HashKnownHosts: "yes",
    HostKeyAlgorithms: "+ssh-ed25519",
    HostKeyAlias: "pve.example.test",
    IdentitiesOnly: "yes",
    KexAlgorithms: "-diffie-hellman-group1-sha1",
    LogLevel: "ERROR",
    MACs: "hmac-sha2-256-etm@openssh.com",
    PubkeyAcceptedAlgorithms: "^ssh-ed25519",
    ServerAliveCountMax: "3",
    ServerAliveInterval: "15",
    StrictHostKeyChecking: "accept-new",
    TCPKeepAlive: "yes",
    UpdateHostKeys: "ask",
    UserKnownHostsFile: "/etc/phoenix/known_hosts",
  };

  it("has an example here for every allowed option", () => {
    expect(Object.keys(allowed).sort()).toEqual([...ALLOWED_SSH_OPTIONS].sort());
  });

  it("accepts every allowed option as Name=value and Name value, in any case", () => {
    for (const form of [(name: string, value: string) => `${name}=${value}`, (name: string, value: string) => `${name.toLowerCase()} ${value}`]) {
      const options = Object.entries(allowed).map(([name, value]) => form(name, value));
      const load = parseRepoSettings(ssh({ sshOptions: options }));
      expect(load.diagnostics).toEqual([]);
      expect(load.settings.infra.targets.dns).toMatchObject({ sshOptions: options });
    }
  });

  it.each([
    ["ProxyCommand=touch /tmp/x", "ProxyCommand is not an allowed ssh option (it runs a local command)"],
    ["proxycommand sh -c id", "proxycommand is not an allowed ssh option (it runs a local command)"],
    ["ProxyJump=attacker.example.test", "ProxyJump is not an allowed ssh option (it connects through another host)"],
    ["LocalCommand=touch /tmp/x", "LocalCommand is not an allowed ssh option (it runs a local command)"],
    ["PermitLocalCommand=yes", "PermitLocalCommand is not an allowed ssh option (it lets LocalCommand run)"],
    ["KnownHostsCommand=/bin/sh -c id", "KnownHostsCommand is not an allowed ssh option (it runs a local command)"],
    ["PKCS11Provider=/tmp/evil.so", "PKCS11Provider is not an allowed ssh option (it loads a library into ssh)"],
    ["SecurityKeyProvider=/tmp/evil.so", "SecurityKeyProvider is not an allowed ssh option (it loads a library into ssh)"],
    ["SendEnv=*", "SendEnv is not an allowed ssh option (it sends local environment variables)"],
    ["SetEnv=LD_PRELOAD=/tmp/x", "SetEnv is not an allowed ssh option (it sets remote environment variables)"],
    ["Include /tmp/ssh_config", "Include is not an allowed ssh option (it reads another configuration file)"],
    ["Match exec \"touch /tmp/x\"", "Match is not an allowed ssh option (Match exec runs a local command)"],
    ["LocalForward=8080 10.0.0.1:80", "LocalForward is not an allowed ssh option (it opens a tunnel)"],
    ["RemoteForward=8080 127.0.0.1:22", "RemoteForward is not an allowed ssh option (it opens a tunnel)"],
    ["DynamicForward=1080", "DynamicForward is not an allowed ssh option (it opens a tunnel)"],
    ["ForwardAgent=yes", "ForwardAgent is not an allowed ssh option (it hands the SSH agent to the remote host)"],
    ["ForwardX11=yes", "ForwardX11 is not an allowed ssh option (it forwards X11)"],
    ["ControlPath=/tmp/other-socket", "ControlPath is not an allowed ssh option (it shares a connection socket with other ssh processes)"],
    ["ControlMaster=auto", "ControlMaster is not an allowed ssh option (it shares a connection socket with other ssh processes)"],
    ["Tunnel=yes", "Tunnel is not an allowed ssh option (it opens a tunnel device)"],
    ["IdentityAgent=/tmp/agent.sock", "IdentityAgent is not an allowed ssh option (it talks to another agent socket)"],
    ["Hostname=attacker.example.test", "Hostname is not an allowed ssh option (it connects to another host than `host`)"],
    ["GatewayPorts=yes", "GatewayPorts is not an allowed ssh option"],
  ])("refuses %j, naming the option, with the allow-list as the hint", (option, message) => {
    const [diagnostic, ...rest] = errors(ssh({ sshOptions: ["StrictHostKeyChecking=yes", option] }));
    expect(rest).toEqual([]);
    expect(diagnostic).toMatchObject({ code: "SETTINGS_INVALID_VALUE", path: "infra.targets.dns.sshOptions[1]", message: `${message}, got ${JSON.stringify(option)}` });
    expect(diagnostic?.hint).toBe(`allowed ssh options: ${ALLOWED_SSH_OPTIONS.join(", ")}`);
  });

  it.each([
    ["StrictHostKeyChecking=yes\nProxyCommand=touch /tmp/x", "must not contain control characters (newline, tab, NUL…)"],
    ["StrictHostKeyChecking=yes ProxyCommand=touch", "StrictHostKeyChecking must be yes, no, ask, accept-new or off"],
    ["StrictHostKeyChecking = yes", "StrictHostKeyChecking must be yes, no, ask, accept-new or off"],
    ["=yes", "must be an ssh option written Name=value"],
    ["UserKnownHostsFile=%d/.ssh/known_hosts", "UserKnownHostsFile must be one absolute path of letters, digits, . _ - and /"],
    ["UserKnownHostsFile=~/.ssh/known_hosts", "UserKnownHostsFile must be one absolute path of letters, digits, . _ - and /"],
    ["UserKnownHostsFile=/a /b", "UserKnownHostsFile must be one absolute path of letters, digits, . _ - and /"],
    ["UserKnownHostsFile=${HOME}/x", "UserKnownHostsFile must be one absolute path of letters, digits, . _ - and /"],
    ["Ciphers=aes128-ctr,$(id)", "Ciphers must be a comma-separated list of algorithm names"],
    ["HostKeyAlias=-oProxyCommand=x", "HostKeyAlias must be a host name"],
    ["ConnectTimeout=0", "ConnectTimeout must be seconds, from 1 to 9999"],
    ["BatchMode=no", "BatchMode must be yes (Phoenix always sets it)"],
    [`LogLevel=${"E".repeat(1100)}`, "must be at most 1024 characters long"],
  ])("refuses the value trick %j", (option, message) => {
    expect(messages(ssh({ sshOptions: [option] }))).toEqual([`${message}, got ${JSON.stringify(option.length > 60 ? `${option.slice(0, 57)}...` : option)}`]);
  });

  it("bounds how many options a target has", () => {
    expect(messages(ssh({ sshOptions: Array.from({ length: 33 }, () => "Compression=yes") }))).toEqual(["must have at most 32 entries, got an array"]);
  });
});

describe("ssh host and user", () => {
  it.each(["pve", "pve.example.test", "pve.example.test.", "a-b.c-d", "10.0.0.1", "::1", "fd00::10", "x".repeat(63)])("accepts host %j", (host) => {
    expect(errors(ssh({ host }))).toEqual([]);
  });

  it.each([
    ["-oProxyCommand=touch /tmp/x", "must not start with - (ssh would read it as an option)"],
    ["-", "must not start with - (ssh would read it as an option)"],
    ["pve -oProxyCommand=x", "must be a host name"],
    ["pve\nevil", "must be a host name"],
    ["root@pve", "must be a host name"],
    ["pve:22", "must be a host name"],
    ["a..b", "must be a host name"],
    ["pve_1", "must be a host name"],
    ["-pve.example.test", "must not start with -"],
    ["pve-.example.test", "must be a host name"],
    ["fe80::1%eth0", "must be a host name"],
    ["", "must not be empty"],
    [`${"a".repeat(63)}.`.repeat(4) + "b", "must be at most 253 characters long"],
  ])("refuses host %j", (host, message) => {
    expect(messages(ssh({ host }))).toEqual([expect.stringContaining(message)]);
  });

  it.each(["root", "deploy_1", "_svc", "Admin", "first.last", "a".repeat(32)])("accepts user %j", (user) => {
    expect(errors(ssh({ user }))).toEqual([]);
  });

  it.each([
    ["-oProxyCommand=x", "must not start with - (ssh would read it as an option)"],
    ["root@evil", "must be a user name"],
    ["ro ot", "must be a user name"],
    ["1root", "must be a user name"],
    [".hidden", "must be a user name"],
    ["a".repeat(33), "must be a user name"],
    ["root\n", "must be a user name"],
  ])("refuses user %j", (user, message) => {
    expect(messages(ssh({ user }))).toEqual([expect.stringContaining(message)]);
  });

  it("refuses an identity file that is not a safe absolute path", () => {
    expect(messages(ssh({ identityFile: "~/.ssh/id_ed25519" }))).toEqual([expect.stringMatching(/^must be an absolute path of letters/)]);
  });
});

describe("target paths", () => {
  it.each(["/etc", "/var/lib/phoenix-demo/dns", "/etc/nginx/", "/srv/dns.d/v1_2"])("accepts %j", (path) => {
    expect(errors(dnsTarget({ kind: "local", path }))).toEqual([]);
  });

  it.each(["etc", "/", "/etc\naddress=/#/6.6.6.6", "/etc/../root", "/etc/..", "/etc//x", "/etc/./x", "/etc/a b", "/etc/$HOME", "/etc/%h", "/etc/x;reboot", `/${"a".repeat(255)}`])(
    "refuses %j",
    (path) => {
      expect(messages(dnsTarget({ kind: "local", path }))).toEqual([expect.stringMatching(/^must be (an absolute path of letters|at most 255 characters)/)]);
    },
  );

  it("checks the path of every kind of target", () => {
    const text = 'infra:\n  targets:\n    dns: { kind: ssh, host: pve, path: "/a/../b" }\n    firewall: { kind: lxc, ctid: 100, path: "/a\\nb" }\n    traefik: { kind: local, path: x }\n';
    expect(errors(text).map((d) => d.path)).toEqual(["infra.targets.dns.path", "infra.targets.firewall.path", "infra.targets.traefik.path"]);
  });
});

describe("ctid and reload", () => {
  it.each([100, "100", 999_999_999, "105"])("accepts ctid %j", (ctid) => {
    expect(errors(dnsTarget({ kind: "lxc", ctid }))).toEqual([]);
  });

  it.each([99, 0, -1, 101.5, 1_000_000_000, "0101", "99", "-x", "101 "])("refuses ctid %j", (ctid) => {
    expect(messages(dnsTarget({ kind: "lxc", ctid }))).toEqual([expect.stringMatching(/^must be a Proxmox container id from 100 to 999999999, got /)]);
  });

  it("accepts a reload string and an argv list", () => {
    expect(parseRepoSettings(dnsTarget({ kind: "local", reload: "systemctl restart dnsmasq && sleep 1" })).settings.infra.targets.dns).toMatchObject({
      reload: ["sh", "-c", "systemctl restart dnsmasq && sleep 1"],
    });
    expect(errors(dnsTarget({ kind: "local", reload: ["systemctl", "reload", "nginx"] }))).toEqual([]);
  });

  it.each<[unknown, string, string]>([
    ["true\ntouch /tmp/x", "infra.targets.dns.reload", "must not contain control characters (newline, tab, NUL…)"],
    ["true\u0000", "infra.targets.dns.reload", "must not contain control characters (newline, tab, NUL…)"],
    [["sh", "-c", "a\rb"], "infra.targets.dns.reload[2]", "must not contain control characters (newline, tab, NUL…)"],
    ["", "infra.targets.dns.reload", "must not be empty"],
    [[], "infra.targets.dns.reload", "must not be empty"],
    [["true", ""], "infra.targets.dns.reload[1]", "must not be empty"],
    ["x".repeat(1025), "infra.targets.dns.reload", "must be at most 1024 characters long in all"],
    [["echo", "x".repeat(600), "y".repeat(600)], "infra.targets.dns.reload", "must be at most 1024 characters long in all"],
    [Array.from({ length: 65 }, () => "x"), "infra.targets.dns.reload", "must have at most 64 entries"],
  ])("refuses reload %#", (reload, path, message) => {
    expect(errors(dnsTarget({ kind: "local", reload })).map((d) => [d.path, d.message.replace(/, got .*$/s, "")])).toEqual([[path, message]]);
  });
});

describe("swarm endpoint and bounded names", () => {
  it.each(["unix:///var/run/docker.sock", "tcp://10.10.0.111:2376", "tcp://manager.example.test:2375/", "tcp://[::1]:2375", "tcp://manager"])("accepts endpoint %j", (endpoint) => {
    expect(errors(`swarm: { endpoint: ${JSON.stringify(endpoint)} }`)).toEqual([]);
  });

  it.each(["ssh://root@manager", "tcp://manager:99999", "tcp://manager:0", "tcp://man ager:2375", "tcp://-manager:2375", "tcp://user@manager:2375", "unix:///var/run/../docker.sock", "unix://", "tcp://[fe80::1%eth0]:2375", "tcp://manager:2375\n", `tcp://${"a".repeat(300)}`])(
    "refuses endpoint %j",
    (endpoint) => {
      expect(messages(`swarm: { endpoint: ${JSON.stringify(endpoint)} }`)).toEqual([expect.stringMatching(/^must be (unix:\/\/\/path\/to\/docker\.sock or tcp:\/\/host:port|at most 300)/)]);
    },
  );

  it("bounds the environment, instance, stack namespace and secret patterns", () => {
    const long = "a".repeat(64);
    const text = `environment: ${long}\ninstance: ${long}\nstackNamespace: "{stack}${long}"\nsecrets:\n  variablePatterns: ["${"A".repeat(129)}"]\n`;
    expect(formatted(text).map((line) => line.replace(/, got .*$/, ""))).toEqual([
      ".github/phoenix.yml:1:14 error environment: must be at most 63 characters long",
      ".github/phoenix.yml:2:11 error instance: must be at most 63 characters long",
      ".github/phoenix.yml:3:17 error stackNamespace: must be at most 63 characters long",
      ".github/phoenix.yml:5:22 error secrets.variablePatterns[0]: must be at most 128 characters long",
    ]);
  });
});

describe("positions", () => {
  it("points each refusal at its value, in file order", () => {
    const text = [
      "prune: maybe",
      "infra:",
      "  targets:",
      "    dns:",
      "      kind: ssh",
      '      host: "-oProxyCommand=touch /tmp/x"',
      "      user: root",
      "      sshOptions:",
      "        - StrictHostKeyChecking=yes",
      "        - ProxyCommand=touch /tmp/x",
      '      path: "/etc\\naddress=/#/6.6.6.6"',
      "    firewall: { kind: local, reload: \"true\\nreboot\" }",
    ].join("\n");
    expect(formatted(text).map((line) => line.replace(/, got [\s\S]*$/, ""))).toEqual([
      ".github/phoenix.yml:1:8 error prune: expected true or false",
      ".github/phoenix.yml:6:13 error infra.targets.dns.host: must not start with - (ssh would read it as an option)",
      ".github/phoenix.yml:10:11 error infra.targets.dns.sshOptions[1]: ProxyCommand is not an allowed ssh option (it runs a local command)",
      ".github/phoenix.yml:11:13 error infra.targets.dns.path: must be an absolute path of letters, digits, . _ - and /, without //, . or .. segments",
      ".github/phoenix.yml:12:38 error infra.targets.firewall.reload: must not contain control characters (newline, tab, NUL…)",
    ]);
  });

  it("still warns about a really unknown key next to an invalid value of an ssh target", () => {
    expect(formatted("infra:\n  targets:\n    dns: { kind: ssh, host: pve, port: 22, sshOptions: [Tunnel=yes], hots: x }\n").map((l) => l.split(" (")[0])).toEqual([
      ".github/phoenix.yml:3:57 error infra.targets.dns.sshOptions[0]: Tunnel is not an allowed ssh option",
      '.github/phoenix.yml:3:70 warning infra.targets.dns.hots: unknown key "hots"',
    ]);
  });
});

describe("secret name patterns", () => {
  it("match in linear time: a pattern of many * against a long name does not backtrack", () => {
    const isSecret = createSecretNameMatcher(["*A*A*A*A*A*A*A*A*A*A*A*A*A*A*A*B"]);
    const started = performance.now();
    expect(isSecret("A".repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
    expect(isSecret(`${"A".repeat(40)}B`)).toBe(true);
  });

  it("keep the glob meaning", () => {
    const isSecret = createSecretNameMatcher(["*_DSN", "SMTP_?", "A*B*C", "**X"]);
    expect(["sentry_dsn", "_DSN", "SMTP_1", "ABC", "AxxBxxC", "AC_B_C", "X", "aaX"].filter(isSecret)).toEqual(["sentry_dsn", "_DSN", "SMTP_1", "ABC", "AxxBxxC", "AC_B_C", "X", "aaX"]);
    expect(["DSN", "SMTP_", "SMTP_12", "ACB", "AB", "Xa"].filter(isSecret)).toEqual([]);
  });
});
