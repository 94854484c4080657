import type { Logger } from "../../logger.js";
import type { ConfigRepo } from "../../source/config-repo.js";

/** How far a shallow cache is deepened, once, to reach a pull request's branch point. */
export const MERGE_BASE_DEPTH = 50;

/**
 * The commit a pull request's plan compares with: the merge base of its head
 * and base, as GitHub's "Files changed" does (a base that moved on since the
 * branch was cut must not show its own changes as the PR's). A shallow cache
 * that ends before the branch point is deepened once; a base still out of
 * reach falls back to the base tip.
 */
export async function findPlanBase(
  source: Pick<ConfigRepo, "fetchRef" | "findMergeBase">,
  pr: { readonly head: string; readonly base: string; readonly headRef: string; readonly baseRef: string },
  logger: Logger,
): Promise<string> {
  const found = await source.findMergeBase(pr.head, pr.base);
  if (found !== undefined) return found;
  await source.fetchRef(pr.headRef, { depth: MERGE_BASE_DEPTH });
  await source.fetchRef(pr.baseRef, { depth: MERGE_BASE_DEPTH });
  const deepened = await source.findMergeBase(pr.head, pr.base);
  if (deepened !== undefined) return deepened;
  logger.warn({ head: pr.head, base: pr.base, depth: MERGE_BASE_DEPTH }, "merge base not found: planned against the base tip");
  return pr.base;
}
