/**
 * Reading the errors docker-modem produces: an Error carrying the HTTP status
 * (`statusCode`) and the daemon's JSON body (`json.message`).
 */
import { SwarmError } from "../errors.js";

interface DockerModemError {
  readonly statusCode?: number;
  readonly json?: { readonly message?: string } | null;
  readonly message?: string;
}

export function readDockerStatus(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const status = (error as DockerModemError).statusCode;
  return typeof status === "number" ? status : undefined;
}

/** The daemon's own message (`rpc error: code = ... desc = ...`), or the transport error's. */
export function readDockerMessage(error: unknown): string {
  if (error instanceof SwarmError) return error.message;
  if (typeof error === "object" && error !== null) {
    const { json, message } = error as DockerModemError;
    if (json && typeof json.message === "string") return json.message;
    if (typeof message === "string") return message.trim();
  }
  return String(error);
}

export function isNotFoundError(error: unknown): boolean {
  return readDockerStatus(error) === 404 || (error instanceof SwarmError && error.code === "SWARM_NOT_FOUND");
}

/** The service/secret/config changed between our read and our write (swarmkit optimistic locking). */
export function isOutOfSequenceError(error: unknown): boolean {
  return /update out of sequence/i.test(readDockerMessage(error));
}

/** Removing a secret/config/network that a service still references. */
export function isInUseError(error: unknown): boolean {
  return /is in use by|has active endpoints/i.test(readDockerMessage(error));
}

/** Secrets and configs: `only updates to Labels are allowed` (moby/moby#33808). */
export function isImmutableDataError(error: unknown): boolean {
  return /only updates to Labels are allowed/i.test(readDockerMessage(error));
}

/** Wraps a dockerode failure into the typed error the apply stage throws. */
export function toSwarmError(error: unknown, code: string, message: string, hint?: string): SwarmError {
  if (error instanceof SwarmError) return error;
  const status = readDockerStatus(error);
  const stableCode = status === 404 ? "SWARM_NOT_FOUND" : code;
  return new SwarmError("apply", stableCode, `${message}: ${readDockerMessage(error)}`, { cause: error, hint });
}
