import path from "node:path";
import type { Target } from "../../infra/targets/target.js";
import type { ChallengeSolver } from "../acme/challenge-solver.js";

/**
 * HTTP-01 through the NGINX gateway: each token's key authorization as a
 * file under the webroot its `/.well-known/acme-challenge/` location serves
 * first (src/infra/nginx/render-nginx-gateway.ts), removed afterwards.
 */
export function createHttp01Solver(options: { target: Target; webroot: string }): ChallengeSolver {
  const fileOf = (token: string) => path.posix.join(options.webroot, ".well-known", "acme-challenge", token);
  return {
    type: "http-01",
    async present(challenges) {
      // Readable by nginx's unprivileged workers: the content is public by design.
      for (const c of challenges) await options.target.writeFile(fileOf(c.token), c.keyAuthorization, 0o644);
    },
    async cleanup(challenges) {
      for (const c of challenges) await options.target.remove(fileOf(c.token));
    },
  };
}
