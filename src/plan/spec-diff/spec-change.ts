/**
 * One field-level difference between a live Swarm object and its desired
 * spec, named the way a compose author thinks (`image`, `env.FOO`,
 * `deploy.replicas`, `labels["traefik.http.routers.x.rule"]`). Values are
 * formatted for people (durations as `1m30s`, CPUs as `0.5`); renderers decide
 * what to show and mask what is `sensitive`.
 */
import type { FieldChange } from "../plan.js";

export interface SpecChange extends FieldChange {
  /** The compose-level field: `image`, `env`, `deploy.replicas`, `deploy.labels`, `networks`, ... */
  readonly field: string;
  /** The entry inside a keyed field (`FOO` in `env.FOO`), when the field is a map. */
  readonly key?: string;
}
