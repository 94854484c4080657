import { Resolver } from "node:dns/promises";
import { connect } from "node:net";

/** How the readiness checks reach a component; tests replace them. */
export interface ReadinessProbes {
  /** True when `server` (port 53) answers a query for `name` at all, even with "no such name". */
  answersDns(server: string, name: string): Promise<boolean>;
  /** True when a TCP connection to `host:port` opens. */
  acceptsTcp(host: string, port: number): Promise<boolean>;
}

const TIMEOUT_MS = 1500;

export const NETWORK_PROBES: ReadinessProbes = {
  async answersDns(server, name) {
    const resolver = new Resolver({ timeout: TIMEOUT_MS, tries: 2 });
    resolver.setServers([server]);
    try {
      await resolver.resolve4(name);
      return true;
    } catch (error) {
      // An answer without an address is still an answer: the server is up.
      const code = (error as { code?: string }).code;
      return code === "ENOTFOUND" || code === "ENODATA";
    }
  },
  acceptsTcp(host, port) {
    return new Promise((resolve) => {
      const socket = connect({ host, port, timeout: TIMEOUT_MS });
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.once("connect", () => done(true));
      socket.once("timeout", () => done(false));
      socket.once("error", () => done(false));
    });
  },
};
