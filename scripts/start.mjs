#!/usr/bin/env node
// `npm start [-- -H <address>] [-- -p <port>]`: serves the production build.
// The address comes from -H/--hostname or ROAUDIT_HOST (never HOSTNAME, which Docker sets to the container
// id), default 127.0.0.1; the port from -p/--port or PORT, default 3000. The server itself refuses a
// non-loopback address without an access token (see instrumentation.ts).
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { answerClientError, gateRequest, METHOD_NOT_ALLOWED, rawResponse, refuse } from "./request-gate.mjs";

const args = process.argv.slice(2);
let host = process.env.ROAUDIT_HOST?.trim() || "127.0.0.1";
let port = process.env.PORT?.trim() || "3000";
for (let i = 0; i < args.length; i += 1) {
  const arg = args[i];
  const value = args[i + 1];
  if ((arg === "-H" || arg === "--hostname") && value) [host, i] = [value, i + 1];
  else if ((arg === "-p" || arg === "--port") && value) [port, i] = [value, i + 1];
  else {
    console.error(`roaudit: unknown argument ${arg}; use -H <address> and -p <port>`);
    process.exit(2);
  }
}
if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
  console.error(`roaudit: invalid port ${port}`);
  process.exit(2);
}

// Refuse before binding at all; the server checks again (token file readable, token length) as it starts.
const loopback = /^(localhost|::1|\[::1\]|127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i.test(host);
if (!loopback && !process.env.ROAUDIT_TOKEN?.trim() && !process.env.ROAUDIT_TOKEN_FILE) {
  console.error(
    `roaudit: refusing to listen on ${host} without an access token: anyone who can reach it could run ` +
      "commands in your containers. Set ROAUDIT_TOKEN (or ROAUDIT_TOKEN_FILE), or listen on 127.0.0.1.",
  );
  process.exit(1);
}

// A custom server around Next.js, so every request carries the peer address it really came from (the
// proxy counts failed logins per peer; x-forwarded-for is whatever the client says).
process.env.ROAUDIT_HOST = host;
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.ROAUDIT_PEER_HEADER = "x-roaudit-peer";
const { default: next } = await import("next");
const app = next({
  dev: false,
  dir: fileURLToPath(new URL("..", import.meta.url)),
  hostname: host,
  port: Number(port),
});
const handle = app.getRequestHandler();
await app.prepare();
// Requests Next.js would answer badly (see request-gate.mjs) are refused here, before it sees them.
const server = createServer((req, res) => {
  const refusal = gateRequest(req);
  if (refusal) {
    refuse(req, res, refusal);
    return;
  }
  req.headers["x-roaudit-peer"] = req.socket.remoteAddress ?? "unknown";
  handle(req, res);
});
server.on("clientError", answerClientError);
server.on("connect", (_req, socket) => socket.end(rawResponse(METHOD_NOT_ALLOWED, "Method Not Allowed")));
server.on("error", (error) => {
  console.error(`roaudit: cannot listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(Number(port), host, () =>
  console.log(`roaudit: listening on http://${host.includes(":") ? `[${host}]` : host}:${port}/`),
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
