/**
 * HTTP/1.1 over a bare TCP socket (node:net), so a test sends exactly the bytes an attacker would: methods,
 * request targets, Host headers and chunked bodies that fetch-style clients normalise or refuse to send.
 */
import net from "node:net";

/** What came back on one connection. */
export interface RawAnswer {
  /** Status code of the first response, or 0 when none arrived. */
  status: number;
  /** Its headers, names lower-cased. */
  headers: Record<string, string>;
  /** Its body as text (de-chunked). */
  body: string;
  /** Bytes of the request body written before the connection ended. */
  bodyBytesSent: number;
  /** ms from connecting to the end of the connection. */
  ms: number;
}

function parse(text: string): Pick<RawAnswer, "status" | "headers" | "body"> {
  const split = text.indexOf("\r\n\r\n");
  if (split < 0) return { status: 0, headers: {}, body: "" };
  const [statusLine = "", ...lines] = text.slice(0, split).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(split + 4);
  if (headers["transfer-encoding"] === "chunked") {
    let out = "";
    for (;;) {
      const eol = body.indexOf("\r\n");
      const size = Number.parseInt(body.slice(0, eol), 16);
      if (!(size > 0)) break;
      out += body.slice(eol + 2, eol + 2 + size);
      body = body.slice(eol + 2 + size + 2);
    }
    body = out;
  } else if (headers["content-length"]) {
    body = body.slice(0, Number(headers["content-length"]));
  }
  return { status: Number(statusLine.split(" ")[1] ?? 0), headers, body };
}

/**
 * Sends `head` (request line and headers, without the blank line) to 127.0.0.1:`port`, then `body`: a string,
 * or `{ chunked: bytes }` to stream that many bytes as 64 KiB chunks as fast as the server takes them. Resolves
 * when the server closes the connection (every answer here says `Connection: close`) or after `timeoutMs`.
 */
export function rawRequest(
  port: number,
  head: string,
  body: string | { chunked: number } = "",
  timeoutMs = 15_000,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, "127.0.0.1");
    const received: Buffer[] = [];
    let sent = 0;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({
        ...parse(Buffer.concat(received).toString("utf8")),
        bodyBytesSent: sent,
        ms: Date.now() - started,
      });
    };
    const timer = setTimeout(end, timeoutMs);
    socket.on("data", (d) => received.push(d));
    socket.on("error", end);
    socket.on("close", end);
    if (typeof body === "string") {
      socket.write(`${head}\r\nConnection: close\r\n\r\n${body}`);
      sent = Buffer.byteLength(body);
      return;
    }
    socket.write(`${head}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const frame = Buffer.concat([
      Buffer.from(`${chunk.length.toString(16)}\r\n`),
      chunk,
      Buffer.from("\r\n"),
    ]);
    const pump = () => {
      while (!ended && sent < body.chunked) {
        sent += chunk.length;
        if (!socket.write(frame)) {
          socket.once("drain", pump);
          return;
        }
      }
      if (!ended) socket.write("0\r\n\r\n");
    };
    pump();
  });
}
