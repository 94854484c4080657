/**
 * How many stacks are read and loaded at once. Loading is mostly CPU with
 * small file reads in between; a few stacks in flight keep the reads off the
 * critical path without holding every stack's parse trees at the same time.
 */
export const STACK_LOAD_CONCURRENCY = 8;
