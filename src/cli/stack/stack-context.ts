/**
 * What every `phoenix stack` verb runs with: output streams, the process
 * environment (interpolation, `DOCKER_HOST`), the working directory and a way
 * to reach the swarm. Tests pass their own to run the verbs in-process.
 */
import type { Logger } from "../../logger.js";
import { createLogger } from "../../logger.js";
import { getProcessSecrets, registerProcessSecrets } from "../../secrets/process-secrets.js";
import { collectSecretValues } from "../../pipeline/collect-secret-values.js";
import { createSecretNameMatcher } from "../../settings/secret-patterns.js";
import { createDockerClient, type DockerClient } from "../../swarm/docker-client.js";
import { createDockerodeSwarmPort } from "../../swarm/dockerode-swarm-port.js";
import type { SwarmPort } from "../../swarm/swarm-port.js";

export interface StackIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The whole of standard input (`-c -`). */
  readonly readStdin: () => Promise<string>;
}

export interface StackContext {
  readonly io: StackIo;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly logger: Logger;
  readonly docker: () => Promise<DockerClient>;
  readonly port: () => Promise<SwarmPort>;
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The real process: its streams and environment, `DOCKER_HOST` or the local
 * socket, one client per run. The environment is what compose files are
 * interpolated with, so its secret variables are masked on both streams
 * (task errors of `ps` may quote them), with every value a deploy adds.
 */
export function createProcessStackContext(): StackContext {
  let client: Promise<DockerClient> | undefined;
  const docker = () => (client ??= createDockerClient());
  registerProcessSecrets(collectSecretValues({ isSecretName: createSecretNameMatcher(), environments: [process.env] }));
  const mask = (text: string) => getProcessSecrets().maskText(text);
  return {
    io: { stdout: (text) => process.stdout.write(mask(text)), stderr: (text) => process.stderr.write(mask(text)), readStdin: readProcessStdin },
    env: process.env,
    cwd: process.cwd(),
    logger: createLogger({ level: process.env.PHOENIX_LOG_LEVEL ?? "silent" }),
    docker,
    port: async () => createDockerodeSwarmPort(await docker()),
  };
}
