import { z } from "zod";
import { ALLOWED_SSH_OPTIONS, checkSshOption, checkSshUser, SSH_OPTION_MAX_LENGTH } from "../infra/targets/ssh-options.js";
import { checkedString, SafePath } from "./infra-target-settings.js";

const SSH_OPTIONS_MAX = 32;

/**
 * `swarm.join:`: whether `phoenix sync` joins a Swarm VM that no node plays,
 * over its Docker API reached as the docker CLI reaches `ssh://user@ip`
 * (`ssh … docker system dial-stdio`). It connects to the VMs and hands them a
 * join token, so it is a trusted execution value: a pull request never turns
 * it on or changes how it connects (src/trust/trusted-settings.ts).
 */
export const SwarmJoinSettings = z
  .looseObject({
    /** Off unless the repo says so. */
    enabled: z.boolean().default(false).describe("Join each Swarm VM that no node plays to the swarm during `phoenix sync` (a `join/<vmid>` step). Default: false (`phoenix swarm join-plan` prints the commands instead)."),
    /** `ssh -l`. */
    user: checkedString(checkSshUser, { pattern: "^[A-Za-z_][A-Za-z0-9_.-]{0,31}$" })
      .default("root")
      .describe("SSH user on the VMs, who may run `docker`: a letter or `_`, then up to 31 letters, digits, `.`, `_` and `-`. Default: `root`."),
    /** `ssh -p`. */
    port: z.number().int().min(1).max(65535).optional().describe("SSH port of the VMs. Default: the SSH client's (22)."),
    /** `ssh -i`. */
    identityFile: SafePath.optional().describe("Private key file on the machine Phoenix runs on (`ssh -i`): an absolute path."),
    /** Extra `-o` options, the same allow-list as the ssh infra targets. */
    sshOptions: z
      .array(checkedString(checkSshOption, { maxLength: SSH_OPTION_MAX_LENGTH }, `allowed ssh options: ${ALLOWED_SSH_OPTIONS.join(", ")}`))
      .max(SSH_OPTIONS_MAX)
      .optional()
      .describe(`Extra \`ssh -o\` options, e.g. \`StrictHostKeyChecking=yes\`, from the allow-list of the ssh targets: ${ALLOWED_SSH_OPTIONS.join(", ")}.`),
  })
  .default(() => ({ enabled: false, user: "root" }))
  .describe("Whether and how `phoenix sync` joins Swarm VMs that no node plays, over SSH to their Docker API (docs/config-format.md, \"Joining VMs\"). Trusted: a pull request cannot change it.");

export type SwarmJoin = z.output<typeof SwarmJoinSettings>;
