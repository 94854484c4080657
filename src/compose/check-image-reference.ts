/**
 * distribution/reference `ParseAnyReference`, which docker/cli 28.2+ runs on
 * every service's image before deploying (`invalid image reference for
 * service a: …`). Returns the parse error, or undefined for a valid image.
 */

const ALPHANUMERIC = "[a-z0-9]+";
const SEPARATOR = "(?:[._]|__|[-]+)";
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const HOST = `(?:${DOMAIN_NAME}|\\[(?:[a-fA-F0-9:]+)\\])`;
const DOMAIN_AND_PORT = `${HOST}(?::[0-9]+)?`;
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
const REFERENCE = new RegExp(`^((?:${DOMAIN_AND_PORT}/)?${REMOTE_NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME = new RegExp(`^(?:(${DOMAIN_AND_PORT})/)?(${REMOTE_NAME})$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;
const DIGEST_ANCHORED = new RegExp(`^${DIGEST}$`);
const HEX_LENGTHS: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/** go-digest `Parse`: undefined when valid. */
function digestError(text: string): string | undefined {
  const colon = text.indexOf(":");
  if (colon <= 0 || colon + 1 === text.length) return "invalid checksum digest format";
  const algorithm = text.slice(0, colon);
  const encoded = text.slice(colon + 1);
  const length = HEX_LENGTHS[algorithm];
  if (length === undefined) return DIGEST_ANCHORED.test(text) ? "unsupported digest algorithm" : "invalid checksum digest format";
  if (encoded.length !== length) return "invalid checksum digest length";
  return /^[a-f0-9]+$/.test(encoded) ? undefined : "invalid checksum digest format";
}

function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf("/");
  if (slash < 0) return ["docker.io", `library/${name}`];
  const maybeDomain = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let domain = "docker.io";
  let remote = name;
  if (maybeDomain === "index.docker.io") [domain, remote] = ["docker.io", rest];
  else if (maybeDomain === "localhost" || /[.:]/.test(maybeDomain) || maybeDomain.toLowerCase() !== maybeDomain) [domain, remote] = [maybeDomain, rest];
  if (domain === "docker.io" && !remote.includes("/")) remote = `library/${remote}`;
  return [domain, remote];
}

function parseReference(text: string): string | undefined {
  const match = REFERENCE.exec(text);
  if (!match) {
    if (text === "") return "repository name must have at least one component";
    return REFERENCE.test(text.toLowerCase()) ? "repository name must be lowercase" : "invalid reference format";
  }
  const name = ANCHORED_NAME.exec(match[1] ?? "");
  if ((name?.[2] ?? match[1] ?? "").length > 255) return "repository name must not be more than 255 characters";
  return match[3] ? digestError(match[3]) : undefined;
}

export function imageReferenceError(image: string): string | undefined {
  if (IDENTIFIER.test(image) || digestError(image) === undefined) return undefined;
  const [domain, remainder] = splitDockerDomain(image);
  const tagIndex = remainder.indexOf(":");
  const remote = tagIndex < 0 ? remainder : remainder.slice(0, tagIndex);
  if (remote.toLowerCase() !== remote) return `invalid reference format: repository name (${remote}) must be lowercase`;
  return parseReference(`${domain}/${remainder}`);
}
