import { isIPv4, isIPv6 } from "node:net";
import { checkSafePath } from "./safe-path.js";

/**
 * What an SSH target may say about the connection. The settings come from
 * the config repo, where a pull request can edit them, and ssh has options
 * that run commands (`ProxyCommand`, `LocalCommand`, `KnownHostsCommand`,
 * `Match exec`), load code (`PKCS11Provider`), reach other hosts
 * (`ProxyJump`, `*Forward`, `Hostname`) or read other files (`Include`).
 * So options are an allow-list, not a deny-list: a new ssh release cannot
 * add a door. The settings schema and `createSshTransport` both use these
 * checks, so neither trusts the other to have run them.
 */

/** RFC 1123: names are at most 253 characters, labels at most 63. */
export const SSH_HOST_MAX_LENGTH = 253;

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** POSIX portable user names (letters, digits, `.`, `_`, `-`, not starting with `-` or `.`), at most 32 characters as on Linux. */
const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;

const YES_NO = { test: /^(yes|no)$/i, expects: "yes or no" };
// Algorithm lists: names such as chacha20-poly1305@openssh.com, comma-separated, with ssh's +, - and ^ prefixes.
const ALGORITHMS = { test: /^[+^-]?[A-Za-z0-9@._-]+(,[A-Za-z0-9@._-]+)*$/, expects: "a comma-separated list of algorithm names" };

interface OptionRule {
  readonly test: RegExp | ((value: string) => boolean);
  readonly expects: string;
}

/** The allowed options, by their canonical spelling (ssh compares names case-insensitively). */
const ALLOWED: Readonly<Record<string, OptionRule>> = {
  AddressFamily: { test: /^(any|inet|inet6)$/i, expects: "any, inet or inet6" },
  BatchMode: { test: /^yes$/i, expects: "yes (Phoenix always sets it)" },
  CheckHostIP: YES_NO,
  Ciphers: ALGORITHMS,
  Compression: YES_NO,
  ConnectionAttempts: { test: /^[1-9][0-9]?$/, expects: "a number from 1 to 99" },
  ConnectTimeout: { test: /^[1-9][0-9]{0,3}$/, expects: "seconds, from 1 to 9999" },
  HashKnownHosts: YES_NO,
  HostKeyAlgorithms: ALGORITHMS,
  HostKeyAlias: { test: (value) => checkSshHost(value) === undefined, expects: "a host name" },
  IdentitiesOnly: YES_NO,
  KexAlgorithms: ALGORITHMS,
  LogLevel: { test: /^(quiet|fatal|error|info|verbose|debug[123]?)$/i, expects: "QUIET, FATAL, ERROR, INFO, VERBOSE or DEBUG1-3" },
  MACs: ALGORITHMS,
  PubkeyAcceptedAlgorithms: ALGORITHMS,
  ServerAliveCountMax: { test: /^[0-9]{1,3}$/, expects: "a number from 0 to 999" },
  ServerAliveInterval: { test: /^[0-9]{1,5}$/, expects: "seconds, from 0 to 99999" },
  StrictHostKeyChecking: { test: /^(yes|no|ask|accept-new|off)$/i, expects: "yes, no, ask, accept-new or off" },
  TCPKeepAlive: YES_NO,
  UpdateHostKeys: { test: /^(yes|no|ask)$/i, expects: "yes, no or ask" },
  UserKnownHostsFile: { test: (value) => checkSafePath(value) === undefined, expects: "one absolute path of letters, digits, . _ - and /" },
};

/** The allowed option names, sorted, for messages and docs. */
export const ALLOWED_SSH_OPTIONS: readonly string[] = Object.keys(ALLOWED).sort((a, b) => a.localeCompare(b));

const BY_LOWER_NAME = new Map(Object.entries(ALLOWED).map(([name, rule]) => [name.toLowerCase(), { name, rule }]));

/** Why a well-known option is refused; only for the message, anything not allowed is refused anyway. */
const REFUSAL_REASONS: Readonly<Record<string, string>> = {
  proxycommand: "it runs a local command",
  localcommand: "it runs a local command",
  permitlocalcommand: "it lets LocalCommand run",
  knownhostscommand: "it runs a local command",
  match: "Match exec runs a local command",
  include: "it reads another configuration file",
  pkcs11provider: "it loads a library into ssh",
  securitykeyprovider: "it loads a library into ssh",
  proxyjump: "it connects through another host",
  hostname: "it connects to another host than `host`",
  localforward: "it opens a tunnel",
  remoteforward: "it opens a tunnel",
  dynamicforward: "it opens a tunnel",
  tunnel: "it opens a tunnel device",
  tunneldevice: "it opens a tunnel device",
  forwardagent: "it hands the SSH agent to the remote host",
  forwardx11: "it forwards X11",
  forwardx11trusted: "it forwards X11",
  identityagent: "it talks to another agent socket",
  controlmaster: "it shares a connection socket with other ssh processes",
  controlpath: "it shares a connection socket with other ssh processes",
  controlpersist: "it shares a connection socket with other ssh processes",
  sendenv: "it sends local environment variables",
  setenv: "it sets remote environment variables",
  identityfile: "use the target's identityFile",
  port: "use the target's port",
  user: "use the target's user",
};

/** `Name=value` or `Name value`: one separator, nothing ssh would read as a second token or a quote. */
const OPTION = /^([A-Za-z][A-Za-z0-9]*)(?:=| )(.*)$/s;

export const SSH_OPTION_MAX_LENGTH = 1024;

/** Why `option` (one `ssh -o` argument) is refused, or undefined when it is allowed. */
export function checkSshOption(option: string): string | undefined {
  if (option.length > SSH_OPTION_MAX_LENGTH) return `must be at most ${SSH_OPTION_MAX_LENGTH} characters long`;
  if (hasControlCharacter(option)) return "must not contain control characters (newline, tab, NUL…)";
  const match = OPTION.exec(option);
  const name = match?.[1];
  const value = match?.[2];
  if (name === undefined || value === undefined) return "must be an ssh option written Name=value";
  const allowed = BY_LOWER_NAME.get(name.toLowerCase());
  if (allowed === undefined) {
    const reason = REFUSAL_REASONS[name.toLowerCase()];
    return `${name} is not an allowed ssh option${reason ? ` (${reason})` : ""}`;
  }
  // ssh expands %h, ${VAR} and ~ in some values and splits them on whitespace: none of that is in any accepted form.
  const ok = typeof allowed.rule.test === "function" ? allowed.rule.test(value) : allowed.rule.test.test(value);
  return ok ? undefined : `${allowed.name} must be ${allowed.rule.expects}`;
}

/** Why `host` cannot be an ssh destination host, or undefined when it can. */
export function checkSshHost(host: string): string | undefined {
  if (host.length === 0) return "must not be empty";
  if (host.length > SSH_HOST_MAX_LENGTH) return `must be at most ${SSH_HOST_MAX_LENGTH} characters long`;
  // ssh and scp read an argument starting with - as an option (-oProxyCommand=…), whatever follows it.
  if (host.startsWith("-")) return "must not start with - (ssh would read it as an option)";
  if (isIPv4(host) || (isIPv6(host) && !host.includes("%"))) return undefined;
  const labels = (host.endsWith(".") ? host.slice(0, -1) : host).split(".");
  if (labels.every((label) => LABEL.test(label))) return undefined;
  return "must be a host name (dot-separated labels of letters, digits and -), an IPv4 or IPv6 address, or an ssh config Host alias written the same way";
}

/** Why `user` cannot be an ssh remote user, or undefined when it can. */
export function checkSshUser(user: string): string | undefined {
  if (user.startsWith("-")) return "must not start with - (ssh would read it as an option)";
  if (!USER.test(user)) return "must be a user name: a letter or _, then up to 31 letters, digits, . _ and -";
  return undefined;
}

/** True for C0 control characters and DEL: a newline in an option or command is a second one. */
export function hasControlCharacter(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(text);
}
