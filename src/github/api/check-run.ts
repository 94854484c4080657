import type { CheckAnnotation } from "../../report/github/build-annotations.js";
import type { CheckRunResult } from "../../report/github/check-run-result.js";
import type { GitHubClient } from "./repo-ref.js";

/** GitHub takes at most 50 annotations per request; more are sent by updating the run. */
const ANNOTATIONS_PER_REQUEST = 50;
/** The limit of a check run's `output.summary` and `output.text`. */
const MAX_OUTPUT_LENGTH = 65_535;

interface CheckRunTarget {
  readonly owner: string;
  readonly repo: string;
  readonly name: string;
  readonly headSha: string;
}

/** Creates the check run as in progress, so the pull request shows it while the run works. */
export async function startCheckRun(octokit: GitHubClient, target: CheckRunTarget): Promise<number> {
  const { owner, repo, name, headSha } = target;
  const created = await octokit.request("POST /repos/{owner}/{repo}/check-runs", { owner, repo, name, head_sha: headSha, status: "in_progress", started_at: new Date().toISOString() });
  return Number(created.data.id);
}

/** Completes the run with its result; annotations beyond the first 50 follow in further updates. */
export async function completeCheckRun(octokit: GitHubClient, target: CheckRunTarget & { readonly id: number }, result: CheckRunResult): Promise<void> {
  const { owner, repo, id } = target;
  const annotations = result.annotations ?? [];
  const output = (batch: readonly CheckAnnotation[]) => ({
    title: result.title,
    summary: clip(result.summary),
    ...(result.text === undefined ? {} : { text: clip(result.text) }),
    ...(batch.length > 0 ? { annotations: [...batch] } : {}),
  });
  await octokit.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
    owner,
    repo,
    check_run_id: id,
    status: "completed",
    conclusion: result.conclusion,
    completed_at: new Date().toISOString(),
    output: output(annotations.slice(0, ANNOTATIONS_PER_REQUEST)),
  });
  for (let start = ANNOTATIONS_PER_REQUEST; start < annotations.length; start += ANNOTATIONS_PER_REQUEST) {
    const batch = annotations.slice(start, start + ANNOTATIONS_PER_REQUEST);
    await octokit.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", { owner, repo, check_run_id: id, output: output(batch) });
  }
}

function clip(text: string): string {
  return text.length <= MAX_OUTPUT_LENGTH ? text : `${text.slice(0, MAX_OUTPUT_LENGTH - 2)}\n…`;
}
