import type { Logger } from "../../logger.js";
import { registerProcessSecrets } from "../../secrets/process-secrets.js";
import { openConfigRepo } from "../../source/open-config-repo.js";
import type { ConfigRepo } from "../../source/config-repo.js";
import type { GitHubClient, RepoRef } from "./repo-ref.js";

/**
 * Opens the config repo from the event's clone URL with the installation
 * token, so github.com and GitHub Enterprise work alike. The token goes to
 * git as basic auth only; it is never logged (and log lines mask it).
 */
export async function openRepoSource(octokit: GitHubClient, ref: RepoRef, options: { cacheDir: string | undefined; logger: Logger }): Promise<ConfigRepo> {
  const auth = (await octokit.auth({ type: "installation" })) as { readonly token?: unknown };
  const token = typeof auth.token === "string" ? auth.token : undefined;
  if (token !== undefined) registerProcessSecrets([token]);
  return openConfigRepo({
    url: ref.cloneUrl,
    ...(token === undefined ? {} : { token }),
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
    logger: options.logger,
  });
}
