/**
 * Where the two dashboard instances of the e2e suite listen (both `next start` of the same build).
 */

/** Port of the dashboard under test, against the real engine (`PORT`, default 3123). */
export const PORT = Number(process.env.PORT ?? 3123);

/** Port of a second instance whose `DOCKER_HOST` points at a socket that does not exist. */
export const DEAD_PORT = Number(process.env.ROAUDIT_DEAD_PORT ?? PORT + 1);

/** The socket the engine-down instance is pointed at. */
export const DEAD_SOCKET = `/run/roaudit-e2e-${PORT}-no-engine.sock`;

export const BASE_URL = `http://127.0.0.1:${PORT}`;
export const DEAD_BASE_URL = `http://127.0.0.1:${DEAD_PORT}`;

/** Port of a third instance whose engine socket a test makes appear and disappear. */
export const FLAKY_PORT = Number(process.env.ROAUDIT_FLAKY_PORT ?? PORT + 2);

/** The socket of the flaky instance: a test puts a relay to the real engine there, then removes it. */
export const FLAKY_SOCKET = `/run/roaudit-e2e-${PORT}-flaky-engine.sock`;

export const FLAKY_BASE_URL = `http://127.0.0.1:${FLAKY_PORT}`;

/** Port of an instance that requires an access token. */
export const TOKEN_PORT = Number(process.env.ROAUDIT_TOKEN_PORT ?? PORT + 3);

/** The token of that instance. */
export const E2E_TOKEN = "e2e-token-0123456789abcdef";

export const TOKEN_BASE_URL = `http://127.0.0.1:${TOKEN_PORT}`;

/** Port of an instance in read-only mode (`ROAUDIT_READ_ONLY=true`: no exec). */
export const READ_ONLY_PORT = Number(process.env.ROAUDIT_READ_ONLY_PORT ?? PORT + 4);

export const READ_ONLY_BASE_URL = `http://127.0.0.1:${READ_ONLY_PORT}`;

/** Port of an instance with a waiver policy file (`ROAUDIT_POLICY_FILE`, see `e2e/support/policy.yaml`). */
export const POLICY_PORT = Number(process.env.ROAUDIT_POLICY_PORT ?? PORT + 5);

export const POLICY_BASE_URL = `http://127.0.0.1:${POLICY_PORT}`;

/** The policy file of that instance, relative to the repository root. */
export const POLICY_FILE = "e2e/support/policy.yaml";

/** Port of the server `e2e/odd-requests.spec.ts` starts for itself (to read its log and memory). */
export const ODD_REQUESTS_PORT = Number(process.env.ROAUDIT_ODD_REQUESTS_PORT ?? PORT + 6);

/** Port of the server `e2e/sign-in.spec.ts` starts for itself, with a short lockout window. */
export const SIGN_IN_PORT = Number(process.env.ROAUDIT_SIGN_IN_PORT ?? PORT + 7);
/** Port of an instance whose engine socket is a relay that can leave one container's inspect unanswered. */
export const STUCK_PORT = Number(process.env.ROAUDIT_STUCK_PORT ?? PORT + 8);

/** The socket of that instance: a test puts `startStuckRelay` (e2e/support/stuck-relay.ts) there. */
export const STUCK_SOCKET = `/run/roaudit-e2e-${PORT}-stuck-engine.sock`;

export const STUCK_BASE_URL = `http://127.0.0.1:${STUCK_PORT}`;
