/**
 * Labels that tie Swarm objects to a stack. The namespace label is the only
 * ownership marker the CLI knows (docs/stack-deploy.md §8 #36); the image label
 * records the image as written in the compose file (§3.1, used by §5.5).
 * The two `org.phoenix.*` labels exist only on secrets and configs Phoenix
 * rotates: the logical name a rotated object stands for, and its content hash.
 */
export const NAMESPACE_LABEL = "com.docker.stack.namespace";
export const IMAGE_LABEL = "com.docker.stack.image";
export const LOGICAL_NAME_LABEL = "org.phoenix.logical-name";
export const CONTENT_HASH_LABEL = "org.phoenix.content-hash";

/** `<stack>_<service>` → `<service>` (what `docker stack services` and prune compare). */
export function trimStackPrefix(stack: string, name: string): string {
  const prefix = `${stack}_`;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** Service label marking a stack as deployed by Phoenix; its value is the repo settings' `instance` (orphan detection, `phoenix status`). */
export const MANAGED_LABEL = "org.phoenix.managed-by";
/** Service label: the config commit that last changed the service. */
export const COMMIT_LABEL = "org.phoenix.commit";
/** Service label: the stack and environment in the config the service comes from. */
export const SOURCE_LABEL = "org.phoenix.source";
