const tails = new Map<string, Promise<unknown>>();

/**
 * Runs `task` after every earlier task on the same repository has settled.
 * isomorphic-git writes refs, the shallow file and packs without locks, so
 * two fetches into one cache directory in this process must not overlap.
 */
export function withRepoLock<T>(gitdir: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(gitdir) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  tails.set(gitdir, tail);
  void tail.then(() => {
    if (tails.get(gitdir) === tail) tails.delete(gitdir);
  });
  return run;
}
