import { ApiError } from "@/lib/api/errors";
import { emptyQuery, errorResponse, parseQuery } from "@/lib/api/respond";
import type { FleetEvent, FleetStreamStatus } from "@/lib/api-types";
import { fleetRows } from "@/lib/docker/fleet";
import { type FleetChange, fleetWatcher, type WatcherStatus } from "@/lib/docker/watcher";
import {
  eventStreamSlots,
  MAX_EVENT_STREAMS_PER_CLIENT,
  SESSION_RECHECK_MS,
  streamSessionAlive,
} from "@/lib/security/event-streams";
import { SESSION_COOKIE } from "@/lib/security/session";

export const dynamic = "force-dynamic";

/** A comment line this often, in ms, so proxies and the browser see the stream is alive. */
const HEARTBEAT_MS = 15_000;

/**
 * `GET /api/events`: Server-Sent Events from the fleet watcher. `event: status` ({@link FleetStreamStatus})
 * first and on every change of the watcher's state; `event: fleet` ({@link FleetEvent}) when containers
 * change: their new rows exactly as `GET /api/containers?all=true` gives them (never more), and the ids
 * removed. A `: heartbeat` comment every 15 s. Same access rules as every API route (the proxy's guard); a
 * stream opened with a session cookie ends when that session is signed out or expires (re-checked every
 * second). At most 8 streams per client and 64 in all: past that, 429 `rate_limited`.
 */
export async function GET(request: Request) {
  let release: (() => void) | null = null;
  try {
    parseQuery(request.url, emptyQuery);
    const peerHeader = process.env.ROAUDIT_PEER_HEADER;
    const client = (peerHeader && request.headers.get(peerHeader)) || "unknown";
    release = eventStreamSlots().take(client);
    if (!release)
      throw new ApiError(
        "rate_limited",
        `Too many open event streams (at most ${MAX_EVENT_STREAMS_PER_CLIENT} per client): close some tabs.`,
      );
    const cookie = sessionCookieOf(request);
    const watcher = fleetWatcher();
    const encoder = new TextEncoder();
    let cleanup = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const write = (text: string) => {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            cleanup();
          }
        };
        const send = (event: string, data: unknown) =>
          write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        const onStatus = (status: WatcherStatus) => send("status", streamStatus(status));
        const onChange = (change: FleetChange) => {
          if (!streamSessionAlive(cookie)) return cleanup();
          const body: FleetEvent = {
            generatedAt: new Date().toISOString(),
            changed: fleetRows(change.changed),
            removed: change.removed,
          };
          send("fleet", body);
        };
        const heartbeat = setInterval(() => write(": heartbeat\n\n"), HEARTBEAT_MS);
        const sessionCheck = setInterval(() => {
          if (!streamSessionAlive(cookie)) cleanup();
        }, SESSION_RECHECK_MS);
        watcher.on("status", onStatus);
        watcher.on("change", onChange);
        cleanup = () => {
          release?.();
          clearInterval(heartbeat);
          clearInterval(sessionCheck);
          watcher.off("status", onStatus);
          watcher.off("change", onChange);
          try {
            controller.close();
          } catch {
            // Already closed by the client.
          }
        };
        request.signal.addEventListener("abort", () => cleanup(), { once: true });
        write("retry: 2000\n\n");
        onStatus(watcher.status);
      },
      cancel() {
        cleanup();
      },
    });
    return new Response(stream, {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store, no-transform",
        "X-Accel-Buffering": "no",
      },
    });
  } catch (error) {
    release?.();
    return errorResponse(error);
  }
}

/** The session cookie's value, or `null` (a bearer token: nothing to sign out). */
function sessionCookieOf(request: Request): string | null {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=");
  }
  return null;
}

function streamStatus(status: WatcherStatus): FleetStreamStatus {
  return { state: status.kind };
}
