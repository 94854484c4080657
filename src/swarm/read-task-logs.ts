/**
 * `GET /tasks/{id}/logs?stdout=1&stderr=1&tail=N`: what `docker service logs
 * --tail N <task>` prints. The manager fetches the lines from the task's
 * node, so it works for a task anywhere in the swarm while its node is up.
 * Read as a stream and bounded three ways — lines (`tail` and the
 * collector), bytes and time — since a task's output is whatever it printed.
 */
import type Docker from "dockerode";
import type { IncomingMessage } from "node:http";
import { TaskLogCollector } from "./task-log-lines.js";
import type { TaskLogLimits } from "./swarm-port.js";

/** Stop reading after this much of the body: `tail` bounds lines, not their length. */
export const MAX_TASK_LOG_BYTES = 1024 * 1024;
/** A node that does not answer must not hold up a report. */
export const TASK_LOG_TIMEOUT_MS = 5_000;

/** The task's last lines; rejects when the daemon refuses (no such task) or does not answer in time. */
export async function readTaskLogs(docker: Docker, taskId: string, limits: TaskLogLimits): Promise<readonly string[]> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TASK_LOG_TIMEOUT_MS);
  let body: IncomingMessage;
  try {
    body = await openLogStream(docker, taskId, limits.lines, abort.signal);
  } catch (error) {
    clearTimeout(timer);
    throw error;
  }
  const collector = new TaskLogCollector(limits);
  return new Promise((resolve) => {
    let read = 0;
    const done = () => {
      clearTimeout(timer);
      body.destroy();
      resolve(collector.finish());
    };
    // What arrived before the timeout is still worth showing.
    abort.signal.addEventListener("abort", done);
    body.on("data", (chunk: Buffer) => {
      collector.push(chunk.subarray(0, MAX_TASK_LOG_BYTES - read));
      read += chunk.length;
      if (read >= MAX_TASK_LOG_BYTES) done();
    });
    body.on("end", done);
    body.on("error", done);
  });
}

function openLogStream(docker: Docker, taskId: string, tail: number, abortSignal: AbortSignal): Promise<IncomingMessage> {
  const options = {
    path: `/tasks/${encodeURIComponent(taskId)}/logs?`,
    method: "GET",
    isStream: true,
    statusCodes: { 200: true, 404: "no such task", 500: "server error", 503: "node is not part of a swarm" },
    options: { _query: { stdout: 1, stderr: 1, tail } },
    abortSignal,
  };
  return new Promise((resolve, reject) => {
    docker.modem.dial(options, (error, result) => (error ? reject(error) : resolve(result as IncomingMessage)));
  });
}
