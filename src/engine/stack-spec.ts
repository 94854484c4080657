/**
 * What the compose conversion produces for one stack and the deploy engine
 * consumes: Engine API request bodies, exactly as `docker stack deploy` would
 * send them (docs/stack-deploy.md §3–4). Types only.
 *
 * Conventions the conversion follows, because the CLI does:
 * - names are already scoped (`<stack>_<key>` or the explicit `name:`), and
 *   every object carries `com.docker.stack.namespace=<stack>`;
 * - services attach to networks by name (`Target: "<stack>_default"`);
 * - secret/config references carry `SecretName`/`ConfigName` only: the deploy
 *   engine looks the IDs up (and, in Phoenix mode, points the reference at the
 *   current rotated object);
 * - images are written as in the compose file; the engine adds `:latest` and
 *   resolves digests like the CLI's client library (§5.5).
 */
import type { ServiceSpec, StringMap } from "./engine-service-spec.js";

export type { ServiceSpec } from "./engine-service-spec.js";

/** Body of `POST /networks/create` for a network the stack owns. */
export interface NetworkCreate {
  readonly Name: string;
  /** `overlay` unless the compose file names another driver. */
  readonly Driver: string;
  /** compose `driver_opts`. */
  readonly Options?: StringMap;
  readonly Labels: StringMap;
  readonly Internal?: boolean;
  readonly Attachable?: boolean;
  /** Present only when compose sets `ipam.driver` or `ipam.config`. */
  readonly IPAM?: {
    readonly Driver?: string;
    readonly Config?: readonly { readonly Subnet: string }[];
  };
}

/** Body of `POST /secrets/create`. */
export interface SecretSpec {
  readonly Name: string;
  readonly Labels: StringMap;
  /** Base64 of the file's bytes; absent when a secret driver provides the value. */
  readonly Data?: string;
  readonly Driver?: { readonly Name: string; readonly Options?: StringMap };
  readonly Templating?: { readonly Name: string; readonly Options?: StringMap };
}

/** Body of `POST /configs/create`. */
export interface ConfigSpec {
  readonly Name: string;
  readonly Labels: StringMap;
  /** Base64 of the file's bytes. */
  readonly Data: string;
  readonly Templating?: { readonly Name: string; readonly Options?: StringMap };
}

export interface StackSpec {
  /** The stack (namespace) name, e.g. `production_app`. */
  readonly name: string;
  /** Networks to create when missing: only those some service uses (CLI rule). */
  readonly networks: readonly NetworkCreate[];
  /** Names of `external: true` networks the services use; checked to exist with scope `swarm`. */
  readonly externalNetworks: readonly string[];
  /** Every non-external top-level secret, used or not (CLI rule). */
  readonly secrets: readonly SecretSpec[];
  /** Every non-external top-level config, used or not (CLI rule). */
  readonly configs: readonly ConfigSpec[];
  readonly services: readonly ServiceSpec[];
}
