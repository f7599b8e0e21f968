// The first look at every request, in the Node.js server entry (scripts/start.mjs), before Next.js sees it:
// Next.js answers some malformed requests itself (a plain-text 500 without security headers, a stack trace
// in the log) before proxy.ts runs, so these refusals cannot live there. Pure apart from the responses it
// writes; the access rules proper stay in lib/security/guard.ts.

/**
 * Headers of every answer written here: the static set of lib/security/headers.ts (a unit test keeps the
 * two equal) and a CSP for a response that is never a page.
 */
export const SECURITY_HEADERS = Object.freeze({
  "Content-Security-Policy":
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
});

/** Methods served at all; anything else is 405 on every path, with or without a token. */
export const METHODS = Object.freeze(["GET", "HEAD", "POST"]);

/** @type {Refusal} */
export const METHOD_NOT_ALLOWED = Object.freeze({
  status: 405,
  code: "method_not_allowed",
  message: `Use ${METHODS.join(" or ")}.`,
  headers: { Allow: METHODS.join(", ") },
});

/** Largest body of the one request that has one (`POST /api/login`), in bytes; the route reads 4 KiB at most. */
export const MAX_LOGIN_BODY = 4096;

/** How long a refused request's remaining body is read and thrown away before the connection is closed, in ms. */
export const DRAIN_MS = 1000;

/**
 * @typedef {{ status: number, code: string, message: string, headers?: Record<string, string> }} Refusal
 *   What to answer instead of handing the request on: HTTP status and the envelope's code and message.
 */

/**
 * Decides a request from its method, request target and headers (lower-case names, as node:http gives
 * them). Returns `null` to hand it on to Next.js, else the refusal:
 * - a method other than GET, HEAD, POST → 405 `method_not_allowed` with `Allow`;
 * - a path that is not valid percent-encoded UTF-8 (`%ff`, `a%`, `%E0%A4%A`) → 400 `invalid_id` under
 *   `/api/containers/` and `/containers/` (the id is the only free segment), 404 `not_found` elsewhere;
 * - an API query parameter named `__proto__` (Next.js would drop it before the route's strict check)
 *   → 400 `invalid_query`;
 * - a body on any request but `POST /api/login` (`Content-Length` over 0, or any `Transfer-Encoding`, since
 *   a chunked body's size is unknown until read) → 413 `payload_too_large`; on login, a chunked body or a
 *   `Content-Length` over {@link MAX_LOGIN_BODY} → 413 too (a hard cap on what is read).
 * @param {{ method?: string, url?: string, headers: Record<string, string | string[] | undefined> }} req
 * @returns {Refusal | null}
 */
export function gateRequest(req) {
  const method = req.method ?? "";
  if (!METHODS.includes(method)) return METHOD_NOT_ALLOWED;
  const target = req.url ?? "/";
  const rawPath = target.split("?")[0] ?? "";
  try {
    decodeURIComponent(rawPath);
  } catch {
    return /^\/(api\/)?containers\//.test(rawPath)
      ? {
          status: 400,
          code: "invalid_id",
          message: "The container reference is not valid percent-encoded UTF-8.",
        }
      : { status: 404, code: "not_found", message: "No such path." };
  }
  let pathname;
  try {
    pathname = new URL(target, "http://roaudit.invalid").pathname;
  } catch {
    return { status: 404, code: "not_found", message: "No such path." };
  }
  // Next.js reads the query into a plain object and rebuilds the URL from it, which drops `__proto__`: the
  // routes' strict check (parseQuery) never sees that one key, so it is refused here.
  if (
    pathname.startsWith("/api/") &&
    new URLSearchParams(target.split("?").slice(1).join("?")).has("__proto__")
  ) {
    return { status: 400, code: "invalid_query", message: "Unknown query parameter: __proto__." };
  }
  const length = req.headers["content-length"];
  const declared = length === undefined ? 0 : Number(length);
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (method === "POST" && pathname === "/api/login") {
    // Next.js buffers a request's whole body (up to 10 MB) before the route runs, whatever the route then
    // reads: only a declared length bounds what is read. node:http reads exactly that many bytes.
    if (chunked || !Number.isFinite(declared) || declared > MAX_LOGIN_BODY) {
      return {
        status: 413,
        code: "payload_too_large",
        message: `Send the login body with a Content-Length of at most ${MAX_LOGIN_BODY} bytes (not chunked).`,
      };
    }
    return null;
  }
  if (chunked || declared !== 0) {
    return { status: 413, code: "payload_too_large", message: "This endpoint takes no request body." };
  }
  return null;
}

/**
 * The envelope and headers of a refusal, as a JSON body and a header object.
 * @param {Refusal} refusal
 * @returns {{ body: string, headers: Record<string, string | number> }}
 */
export function refusalResponse(refusal) {
  const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message } });
  return {
    body,
    headers: {
      ...SECURITY_HEADERS,
      ...refusal.headers,
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(body),
      "Cache-Control": "no-store",
      Connection: "close",
    },
  };
}

/**
 * A whole HTTP/1.1 response as text, for a socket node:http did not make a request of (a parse error, CONNECT).
 * @param {Refusal} refusal
 * @param {string} reason the status line's reason phrase
 * @returns {string}
 */
export function rawResponse(refusal, reason) {
  const { body, headers } = refusalResponse(refusal);
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${refusal.status} ${reason}\r\n${lines.join("\r\n")}\r\n\r\n${body}`;
}

/**
 * Answers a refusal on a request node:http parsed, then reads and discards what the client still sends for
 * {@link DRAIN_MS} at most (so a client that sends the body before reading the answer gets it, and memory
 * stays bounded whatever it sends), then closes the connection.
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {Refusal} refusal
 */
export function refuse(req, res, refusal) {
  const { body, headers } = refusalResponse(refusal);
  const socket = req.socket;
  // node:http destroys a `Connection: close` socket once the answer is written; data the client is still
  // sending would then reset the connection, and a reset can discard the answer before the client reads it.
  // Half-close instead: the answer and a FIN go out, the rest of the body is read and dropped (req.resume).
  socket.destroySoon = () => socket.end();
  res.writeHead(refusal.status, headers);
  res.end(body);
  req.resume();
  res.on("finish", () => setTimeout(() => socket.destroy(), DRAIN_MS).unref());
}

/**
 * What node:http's parser could not read (a method it does not know, a malformed request line or header):
 * 405 `method_not_allowed` for an unknown method, 400 `bad_request` otherwise, each with the security
 * headers; no log line, so a flood of them cannot flood the log.
 * @param {Error & { code?: string }} error
 * @param {import("node:stream").Duplex} socket
 */
export function answerClientError(error, socket) {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    error.code === "HPE_INVALID_METHOD"
      ? rawResponse(METHOD_NOT_ALLOWED, "Method Not Allowed")
      : rawResponse(
          { status: 400, code: "bad_request", message: "The request could not be parsed." },
          "Bad Request",
        ),
  );
}
