import { array, boolean, EXTENSIONS, integer, number, object, oneOf, since, string, typed, withFormat, type SchemaNode } from "./schema-node.js";
import { listOfStrings, listOrDict, openStringMap, stringOrList } from "./shared-definitions.js";

const duration = withFormat(string, "duration");

function buildSchema(v: number): SchemaNode {
  return oneOf(
    string,
    object(
      {
        context: string,
        dockerfile: string,
        args: listOrDict,
        labels: since(v, 3, listOrDict),
        cache_from: since(v, 2, listOfStrings),
        network: since(v, 4, string),
        target: since(v, 4, string),
        shm_size: since(v, 5, typed("integer", "string")),
        extra_hosts: since(v, 9, listOrDict),
      },
      { closed: v < 11 },
    ),
  );
}

function fileReferences(): SchemaNode {
  return array(oneOf(string, object({ source: string, target: string, uid: string, gid: string, mode: number })));
}

function healthcheckSchema(v: number): SchemaNode {
  return object(
    {
      disable: boolean,
      interval: v >= 4 ? duration : string,
      retries: number,
      test: oneOf(string, array(string)),
      timeout: v >= 4 ? duration : string,
      start_period: since(v, 4, duration),
      start_interval: since(v, 12, duration),
    },
    { closed: true },
  );
}

function serviceNetworksSchema(v: number): SchemaNode {
  const attachment = object(
    { aliases: listOfStrings, driver_opts: since(v, 13, openStringMap(typed("string", "number"))), ipv4_address: string, ipv6_address: string },
    { closed: true },
  );
  return oneOf(listOfStrings, object({}, { closed: true, patterns: [[/^[a-zA-Z0-9._-]+$/, oneOf(attachment, typed("null"))]] }));
}

function portsSchema(v: number): SchemaNode {
  if (v < 2) return array(withFormat(typed("string", "number"), "ports"), true);
  const long = object({ mode: string, target: integer, published: integer, protocol: string }, { closed: true });
  return array(oneOf(withFormat(number, "ports"), withFormat(string, "ports"), long), true);
}

function ulimitsSchema(): SchemaNode {
  const pair = object({ hard: integer, soft: integer }, { closed: true, required: ["soft", "hard"] });
  return object({}, { patterns: [[/^[a-z]+$/, oneOf(integer, pair)]] });
}

function volumesSchema(v: number): SchemaNode {
  if (v < 2) return array(string, true);
  const long = object(
    {
      type: string,
      source: string,
      target: string,
      read_only: boolean,
      consistency: string,
      bind: object({ propagation: string }),
      volume: object({ nocopy: boolean }),
      tmpfs: since(v, 6, object({ size: { ...integer, minimum: 0 } })),
    },
    { closed: true, required: ["type"] },
  );
  return array(oneOf(string, long));
}

function updateConfigSchema(v: number): SchemaNode {
  return object(
    {
      parallelism: integer,
      delay: duration,
      failure_action: string,
      monitor: duration,
      max_failure_ratio: number,
      order: since(v, 4, { ...string, enum: ["start-first", "stop-first"] }),
    },
    { closed: true },
  );
}

function resourcesSchema(v: number): SchemaNode {
  if (v < 5) {
    const resource = object({ cpus: string, memory: string }, { closed: true });
    return object({ limits: resource, reservations: resource }, { closed: true });
  }
  const discrete = object({ kind: string, value: number }, { closed: true });
  const generic = array(object({ discrete_resource_spec: discrete }, { closed: true }));
  return object(
    {
      limits: object({ cpus: string, memory: string, pids: since(v, 9, integer) }, { closed: true }),
      reservations: object({ cpus: string, memory: string, generic_resources: generic }, { closed: true }),
    },
    { closed: true },
  );
}

function deploySchema(v: number): SchemaNode {
  const placement = object(
    {
      constraints: array(string),
      preferences: since(v, 3, array(object({ spread: string }, { closed: true }))),
      max_replicas_per_node: since(v, 8, integer),
    },
    { closed: true },
  );
  return object(
    {
      mode: string,
      endpoint_mode: since(v, 2, string),
      replicas: integer,
      labels: listOrDict,
      rollback_config: since(v, 7, updateConfigSchema(v)),
      update_config: updateConfigSchema(v),
      resources: resourcesSchema(v),
      restart_policy: object({ condition: string, delay: duration, max_attempts: integer, window: duration }, { closed: true }),
      placement,
    },
    { types: ["object", "null"], closed: true },
  );
}

/** The `service` definition of `config_schema_v3.<v>.json`. */
export function serviceSchema(v: number): SchemaNode {
  const stringList = array(string, true);
  return object(
    {
      deploy: deploySchema(v),
      build: buildSchema(v),
      cap_add: stringList,
      cap_drop: stringList,
      cgroupns_mode: since(v, 9, string),
      cgroup_parent: string,
      command: oneOf(string, array(string)),
      configs: since(v, 3, fileReferences()),
      container_name: string,
      credential_spec: since(v, 3, object({ config: since(v, 8, string), file: string, registry: string }, { closed: true })),
      depends_on: listOfStrings,
      devices: stringList,
      dns: stringOrList,
      dns_search: stringOrList,
      domainname: string,
      entrypoint: oneOf(string, array(string)),
      env_file: stringOrList,
      environment: listOrDict,
      expose: array(withFormat(typed("string", "number"), "expose"), true),
      external_links: stringList,
      extra_hosts: listOrDict,
      healthcheck: healthcheckSchema(v),
      hostname: string,
      image: string,
      init: since(v, 7, boolean),
      ipc: string,
      isolation: since(v, 5, string),
      labels: listOrDict,
      links: stringList,
      logging: object({ driver: string, options: openStringMap(typed("string", "number", "null")) }, { closed: true }),
      mac_address: string,
      network_mode: string,
      networks: serviceNetworksSchema(v),
      pid: typed("string", "null"),
      ports: portsSchema(v),
      privileged: boolean,
      read_only: boolean,
      restart: string,
      security_opt: stringList,
      shm_size: typed("number", "string"),
      secrets: since(v, 1, fileReferences()),
      sysctls: listOrDict,
      stdin_open: boolean,
      stop_grace_period: duration,
      stop_signal: string,
      tmpfs: stringOrList,
      tty: boolean,
      ulimits: ulimitsSchema(),
      oom_score_adj: since(v, 13, integer),
      user: string,
      userns_mode: string,
      volumes: volumesSchema(v),
      working_dir: string,
    },
    { closed: true, patterns: [v >= 7 ? EXTENSIONS : undefined] },
  );
}
