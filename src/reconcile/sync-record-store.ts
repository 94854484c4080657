/**
 * Where the sync record lives: one Swarm config per instance, owned by
 * Phoenix, named `phoenix-sync-record-<instance>`. Its data never changes (a
 * line saying what it is); the record is its label `org.phoenix.sync-record.data`
 * (JSON). Swarm lets a config's labels change in place, so a write is one
 * atomic, versioned update call — no second object to create and remove, no
 * moment without a record, nothing left behind by a crash. It carries no
 * stack namespace label, so no stack, orphan or prune ever sees it.
 */
import { createHash } from "node:crypto";
import type { ConfigInfo } from "../engine/engine-objects.js";
import type { Logger } from "../logger.js";
import type { SwarmPort } from "../swarm/swarm-port.js";
import { parseSyncRecord, type SyncRecord } from "./sync-record.js";

/** Marks the record's config; its value is the instance. */
export const SYNC_RECORD_LABEL = "org.phoenix.sync-record";
/** The record itself, as JSON. */
export const SYNC_RECORD_DATA_LABEL = "org.phoenix.sync-record.data";

const NAME_PREFIX = "phoenix-sync-record-";
/** swarmkit's rule for config names: at most 64, alphanumeric at both ends. */
const CONFIG_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]*[a-zA-Z0-9])?$/;
const CONFIG_NAME_MAX = 64;

/** The config's name: readable when the instance fits swarmkit's name rule, else a hash of it (the label still names it). */
export function formatSyncRecordName(instance: string): string {
  const readable = `${NAME_PREFIX}${instance}`;
  if (readable.length <= CONFIG_NAME_MAX && CONFIG_NAME.test(readable)) return readable;
  return `${NAME_PREFIX}${createHash("sha256").update(instance).digest("hex").slice(0, 16)}`;
}

export interface StoredSyncRecord {
  readonly record: SyncRecord;
  readonly configId: string;
}

/** The record of `instance`; undefined when none was written yet (or it is unreadable). One read call. */
export async function readSyncRecord(port: SwarmPort, instance: string): Promise<StoredSyncRecord | undefined> {
  const config = await port.inspectConfig(formatSyncRecordName(instance));
  if (config === undefined || config.Spec.Labels?.[SYNC_RECORD_LABEL] !== instance) return undefined;
  return readStored(config);
}

/** Every instance's record on this swarm, sorted by instance (`phoenix status --all`). */
export async function listSyncRecords(port: SwarmPort): Promise<StoredSyncRecord[]> {
  const configs = await port.listLabelledConfigs(SYNC_RECORD_LABEL);
  return configs
    .map(readStored)
    .filter((s): s is StoredSyncRecord => s !== undefined)
    .sort((a, b) => (a.record.instance < b.record.instance ? -1 : a.record.instance > b.record.instance ? 1 : 0));
}

/**
 * Writes the record: one update of the config's labels, or its creation the
 * first time (two creators racing: the loser updates). A write that fails is
 * logged and returned as false: the deploy it records has happened either
 * way, and the next writing sync writes the record again.
 */
export async function writeSyncRecord(port: SwarmPort, record: SyncRecord, logger: Logger): Promise<boolean> {
  const name = formatSyncRecordName(record.instance);
  const labels = { [SYNC_RECORD_LABEL]: record.instance, [SYNC_RECORD_DATA_LABEL]: JSON.stringify(record) };
  try {
    const existing = await port.inspectConfig(name);
    if (existing === undefined) {
      try {
        await port.createConfig({ Name: name, Labels: labels, Data: encodeDescription(record.instance) });
        return true;
      } catch (err) {
        const raced = await port.inspectConfig(name);
        if (raced === undefined) throw err;
        await updateLabels(port, raced, labels);
        return true;
      }
    }
    await updateLabels(port, existing, labels);
    return true;
  } catch (err) {
    // The reason, not the stack: a daemon that went away mid-sync is an outcome, not a bug.
    logger.warn({ instance: record.instance, err: err instanceof Error ? err.message : String(err) }, "sync record not written");
    return false;
  }
}

function updateLabels(port: SwarmPort, config: ConfigInfo, labels: Record<string, string>): Promise<void> {
  // Only labels may change: the data goes back exactly as the daemon holds it.
  return port.updateConfig(config.ID, config.Version.Index, { Name: config.Spec.Name, Labels: labels, Data: config.Spec.Data ?? "" });
}

function readStored(config: ConfigInfo): StoredSyncRecord | undefined {
  const text = config.Spec.Labels?.[SYNC_RECORD_DATA_LABEL];
  const record = text === undefined ? undefined : parseSyncRecord(text);
  return record === undefined ? undefined : { record, configId: config.ID };
}

function encodeDescription(instance: string): string {
  const text = `Phoenix sync record of instance ${instance}: the label ${SYNC_RECORD_DATA_LABEL} holds it. Written by Phoenix; do not edit.\n`;
  return Buffer.from(text, "utf8").toString("base64");
}
