import { array, boolean, EXTENSIONS, object, since, string, typed, type SchemaNode } from "./schema-node.js";
import { serviceSchema } from "./service-schema.js";
import { listOrDict, openStringMap } from "./shared-definitions.js";

/**
 * The compose file format 3.0–3.13 as docker/cli's embedded JSON schemas
 * define it, one schema per minor version (later versions only add keys).
 */

const NAME = /^[a-zA-Z0-9._-]+$/;

const driverOpts = openStringMap(typed("string", "number"));

function networkSchema(v: number): SchemaNode {
  const ipam = object({ driver: string, config: array(object({ subnet: string }, { closed: true })) }, { closed: true });
  return object(
    {
      name: since(v, 5, string),
      driver: string,
      driver_opts: driverOpts,
      ipam,
      external: object({ name: string }, { types: ["boolean", "object"], closed: true }),
      internal: boolean,
      attachable: since(v, 2, boolean),
      labels: listOrDict,
    },
    { types: ["object", "null"], closed: true, patterns: [v >= 7 ? EXTENSIONS : undefined] },
  );
}

function clusterSpecSchema(): SchemaNode {
  const topology = array(object({ segments: listOrDict }));
  return object({
    group: string,
    access_mode: object({
      scope: string,
      sharing: string,
      block_volume: typed("object"),
      mount_volume: object({ fs_type: string, mount_flags: array(string) }),
    }),
    accessibility_requirements: object({ requisite: topology, preferred: topology }),
    capacity_range: object({ required_bytes: string, limit_bytes: string }),
    availability: string,
  });
}

function volumeSchema(v: number): SchemaNode {
  return object(
    {
      name: since(v, 4, string),
      driver: string,
      driver_opts: driverOpts,
      external: object({ name: string }, { types: ["boolean", "object"], closed: true }),
      labels: listOrDict,
      "x-cluster-spec": since(v, 10, clusterSpecSchema()),
    },
    { types: ["object", "null"], closed: true, patterns: [v >= 7 ? EXTENSIONS : undefined] },
  );
}

function fileObjectSchema(v: number, kind: "secret" | "config"): SchemaNode {
  const isSecret = kind === "secret";
  return object(
    {
      name: since(v, 5, string),
      file: string,
      external: object({ name: string }, { types: ["boolean", "object"] }),
      labels: listOrDict,
      driver: isSecret ? since(v, 8, string) : undefined,
      driver_opts: isSecret ? since(v, 8, driverOpts) : undefined,
      template_driver: since(v, 8, string),
    },
    { closed: true, patterns: [v >= 7 ? EXTENSIONS : undefined] },
  );
}

function named(node: SchemaNode, closed: boolean): SchemaNode {
  return object({}, { closed, patterns: [[NAME, node]] });
}

function buildComposeSchema(v: number): SchemaNode {
  return object(
    {
      version: string,
      services: named(serviceSchema(v), true),
      networks: named(networkSchema(v), false),
      volumes: named(volumeSchema(v), true),
      secrets: since(v, 1, named(fileObjectSchema(v, "secret"), true)),
      configs: since(v, 3, named(fileObjectSchema(v, "config"), true)),
    },
    { closed: true, patterns: [v >= 4 ? EXTENSIONS : undefined], ...(v <= 9 ? { required: ["version"] } : {}) },
  );
}

const cache = new Map<number, SchemaNode>();

/** The root schema of compose file format 3.`minor`. */
export function composeSchema(minor: number): SchemaNode {
  let schema = cache.get(minor);
  if (!schema) {
    schema = buildComposeSchema(minor);
    cache.set(minor, schema);
  }
  return schema;
}

