import { emptyQuery, errorResponse, parseQuery } from "@/lib/api/respond";
import type { FleetEvent, FleetStreamStatus } from "@/lib/api-types";
import { fleetRows } from "@/lib/docker/fleet";
import { type FleetChange, fleetWatcher, type WatcherStatus } from "@/lib/docker/watcher";

export const dynamic = "force-dynamic";

/** A comment line this often, in ms, so proxies and the browser see the stream is alive. */
const HEARTBEAT_MS = 15_000;

/**
 * `GET /api/events`: Server-Sent Events from the fleet watcher. `event: status` ({@link FleetStreamStatus})
 * first and on every change of the watcher's state; `event: fleet` ({@link FleetEvent}) when containers
 * change: their new rows exactly as `GET /api/containers?all=true` gives them (never more), and the ids
 * removed. A `: heartbeat` comment every 15 s. Same access rules as every API route (the proxy's guard).
 */
export async function GET(request: Request) {
  try {
    parseQuery(request.url, emptyQuery);
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
          const body: FleetEvent = {
            generatedAt: new Date().toISOString(),
            changed: fleetRows(change.changed),
            removed: change.removed,
          };
          send("fleet", body);
        };
        const heartbeat = setInterval(() => write(": heartbeat\n\n"), HEARTBEAT_MS);
        watcher.on("status", onStatus);
        watcher.on("change", onChange);
        cleanup = () => {
          clearInterval(heartbeat);
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
    return errorResponse(error);
  }
}

function streamStatus(status: WatcherStatus): FleetStreamStatus {
  return { state: status.kind };
}
