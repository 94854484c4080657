import type { ConfigInfo, NetworkInfo, SecretInfo, ServiceInfo } from "./engine-objects.js";

/** Everything labelled `com.docker.stack.namespace=<stack>`. */
export interface StackObjects {
  readonly services: readonly ServiceInfo[];
  readonly networks: readonly NetworkInfo[];
  readonly secrets: readonly SecretInfo[];
  readonly configs: readonly ConfigInfo[];
}
