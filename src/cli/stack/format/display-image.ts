import { formatImageReference, parseImageReference } from "../../../engine/image-reference.js";

/**
 * The image as `docker service ls` and `docker stack ps` show it: a tagged
 * reference in its familiar form without its digest; an untagged or
 * unparsable one as it is (reference.ParseNormalizedNamed + WithTag).
 */
export function formatDisplayImage(image: string): string {
  const ref = parseImageReference(image);
  if (ref?.tag === undefined) return image;
  return formatImageReference({ domain: ref.domain, path: ref.path, tag: ref.tag });
}
