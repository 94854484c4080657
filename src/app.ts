import type { Probot } from "probot";
import type { AppRuntime } from "./github/runtime/app-options.js";
import { registerCheckRunHandler } from "./github/handlers/on-check-run.js";
import { registerIssueCommentHandler } from "./github/handlers/on-issue-comment.js";
import { registerPullRequestHandler } from "./github/handlers/on-pull-request.js";
import { registerPushHandler } from "./github/handlers/on-push.js";
import { registerSyncCommandHandler } from "./github/handlers/on-sync-command.js";

export type PhoenixAppOptions = AppRuntime;

/** The Probot app: registers the handlers, nothing more. */
export function phoenixApp(app: Probot, options: PhoenixAppOptions): void {
  registerPullRequestHandler(app, options);
  registerIssueCommentHandler(app, options);
  registerCheckRunHandler(app, options);
  registerPushHandler(app, options);
  registerSyncCommandHandler(app, options);
}
