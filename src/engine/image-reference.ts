/**
 * Image reference handling the Docker client library does before it sends a
 * service spec (docker/cli vendor/.../client/service_create.go,
 * `imageWithTagString` / `imageWithDigestString`): a name without tag or
 * digest gets `:latest`, and the reference is written in its familiar form
 * (`docker.io/library/busybox` → `busybox:latest`). A string that is not a
 * valid reference is left as it is, as the client does.
 */

const DEFAULT_DOMAIN = "docker.io";
const LEGACY_DEFAULT_DOMAIN = "index.docker.io";
const OFFICIAL_REPO_PREFIX = "library/";

// Lower-case path components separated by `/`, an optional tag, an optional digest (distribution/reference grammar, simplified).
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const HOST_LABEL = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
const DOMAIN = `(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?)`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);

export interface ImageReference {
  /** Registry host, `docker.io` when none is written. */
  readonly domain: string;
  /** Repository path, `library/busybox` for official images. */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

export function parseImageReference(image: string): ImageReference | undefined {
  const match = REFERENCE.exec(image);
  if (match === null) return undefined;
  const [, rawDomain, rawPath = "", tag, digest] = match;
  // A first component is a registry host only if it looks like one (dot, port, or localhost).
  const isDomain = rawDomain !== undefined && (/[.:]/.test(rawDomain) || rawDomain === "localhost" || rawDomain.startsWith("["));
  const domain = isDomain ? (rawDomain === LEGACY_DEFAULT_DOMAIN ? DEFAULT_DOMAIN : rawDomain) : DEFAULT_DOMAIN;
  const joined = !isDomain && rawDomain !== undefined ? `${rawDomain}/${rawPath}` : rawPath;
  if (!isDomain && rawDomain !== undefined && /[A-Z]/.test(rawDomain)) return undefined;
  const path = domain === DEFAULT_DOMAIN && !joined.includes("/") ? `${OFFICIAL_REPO_PREFIX}${joined}` : joined;
  return { domain, path, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** The familiar string: default domain and `library/` dropped. */
export function formatImageReference(ref: ImageReference): string {
  let name = ref.domain === DEFAULT_DOMAIN ? ref.path : `${ref.domain}/${ref.path}`;
  if (ref.domain === DEFAULT_DOMAIN && name.startsWith(OFFICIAL_REPO_PREFIX)) name = name.slice(OFFICIAL_REPO_PREFIX.length);
  return `${name}${ref.tag === undefined ? "" : `:${ref.tag}`}${ref.digest === undefined ? "" : `@${ref.digest}`}`;
}

/** `busybox` → `busybox:latest`; a reference with a tag or digest only gets its familiar form. */
export function tagImageReference(image: string): string {
  const ref = parseImageReference(image);
  if (ref === undefined) return image;
  const tagged = ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: "latest" } : ref;
  return formatImageReference(tagged);
}

/** `name:tag` + digest → `name:tag@digest`; a reference that already has a digest is kept. */
export function pinImageReference(image: string, digest: string): string {
  const ref = parseImageReference(image);
  if (ref === undefined || ref.digest !== undefined) return image;
  return formatImageReference({ ...ref, digest });
}
