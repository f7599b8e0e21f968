/**
 * Where the two dashboard instances of the e2e suite listen (both `next start` of the same build).
 */

/** Port of the dashboard under test, against the real engine (`PORT`, default 3123). */
export const PORT = Number(process.env.PORT ?? 3123);

/** Port of a second instance whose `DOCKER_HOST` points at a socket that does not exist. */
export const DEAD_PORT = Number(process.env.ROAUDIT_DEAD_PORT ?? PORT + 1);

/** The socket the engine-down instance is pointed at. */
export const DEAD_SOCKET = "/run/roaudit-e2e-no-engine.sock";

export const BASE_URL = `http://127.0.0.1:${PORT}`;
export const DEAD_BASE_URL = `http://127.0.0.1:${DEAD_PORT}`;

/** Port of a third instance whose engine socket a test makes appear and disappear. */
export const FLAKY_PORT = Number(process.env.ROAUDIT_FLAKY_PORT ?? PORT + 2);

/** The socket of the flaky instance: a test puts a relay to the real engine there, then removes it. */
export const FLAKY_SOCKET = "/run/roaudit-e2e-flaky-engine.sock";

export const FLAKY_BASE_URL = `http://127.0.0.1:${FLAKY_PORT}`;
