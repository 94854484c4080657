/**
 * The docker CLIs Phoenix reproduces where 20.10 and 23.0+ differ: the
 * compose loader, the conversion to service specs, and the `phoenix stack`
 * verbs' output. 28.2 stands for every 23.0+ CLI.
 */
export const COMPOSE_COMPATS = ["20.10", "28.2"] as const;

export type ComposeCompat = (typeof COMPOSE_COMPATS)[number];
