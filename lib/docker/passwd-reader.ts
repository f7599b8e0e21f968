/**
 * Reads a container's `/etc/passwd` through the Engine API's archive endpoint
 * (`GET /containers/{id}/archive?path=/etc/passwd`): no exec, works on created and stopped containers
 * and on images without a shell.
 */
import "server-only";
import type { Readable } from "node:stream";
import { extract } from "tar-stream";
import type { UserSpec } from "@/lib/audit/types";
import { processSingleton } from "@/lib/singleton";
import { engineCall } from "./client";
import { EngineUnavailableError, engineMessage, engineStatus } from "./errors";

/** Largest `/etc/passwd` read, in bytes. */
export const MAX_PASSWD_BYTES = 1024 * 1024;

/** Most passwd lookups kept; past it the cache starts over. */
const MAX_CACHED = 5000;

/**
 * The container's `/etc/passwd` text, or why it could not be read (`{ ok: false, reason }`). Cached per
 * container id and start time (`State.StartedAt`): the file is the image's plus what the container wrote, and
 * roaudit reads it again when the container (re)starts, not on a timer. Throws only `EngineUnavailableError`,
 * and an HTTP 404 error when the container itself is gone.
 */
export async function readPasswd(
  containerId: string,
  startedAt: string,
  signal?: AbortSignal,
): Promise<NonNullable<UserSpec["passwd"]>> {
  const map = processSingleton("passwd", () => new Map<string, NonNullable<UserSpec["passwd"]>>());
  const key = `${containerId}@${startedAt}`;
  const hit = map.get(key);
  if (hit) return hit;
  const value = await fetchPasswd(containerId, signal);
  if (map.size >= MAX_CACHED) map.clear();
  map.set(key, value);
  return value;
}

async function fetchPasswd(
  containerId: string,
  signal?: AbortSignal,
): Promise<NonNullable<UserSpec["passwd"]>> {
  let archive: Readable;
  try {
    archive = (await engineCall(
      (d, s) =>
        d.getContainer(containerId).getArchive({ path: "/etc/passwd", abortSignal: s } as { path: string }),
      { signal },
    )) as Readable;
  } catch (error) {
    if (error instanceof EngineUnavailableError) throw error;
    const message = engineMessage(error);
    // A 404 means either no such file or no such container; only the former is an answer about the user.
    if (engineStatus(error) === 404 && /no such container/i.test(message)) throw error;
    if (engineStatus(error) === 404) return { ok: false, reason: "the container has no /etc/passwd" };
    return { ok: false, reason: `/etc/passwd could not be read: ${message}` };
  }
  return readFirstFile(archive);
}

function readFirstFile(archive: Readable): Promise<NonNullable<UserSpec["passwd"]>> {
  return new Promise((resolve) => {
    const tar = extract();
    let settled = false;
    const done = (value: NonNullable<UserSpec["passwd"]>) => {
      if (settled) return;
      settled = true;
      resolve(value);
      archive.destroy();
      tar.destroy();
    };
    tar.on("entry", (header, stream, next) => {
      if (header.type !== "file") {
        stream.resume();
        done({ ok: false, reason: `/etc/passwd is a ${header.type}, not a file` });
        return;
      }
      if ((header.size ?? 0) > MAX_PASSWD_BYTES) {
        stream.resume();
        done({ ok: false, reason: "/etc/passwd is larger than 1 MiB" });
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => {
        if (Buffer.isBuffer(c)) chunks.push(c);
      });
      stream.on("end", () => {
        done({ ok: true, text: Buffer.concat(chunks).toString("utf8") });
        next();
      });
    });
    tar.on("finish", () => done({ ok: false, reason: "the archive of /etc/passwd was empty" }));
    tar.on("error", (e: Error) =>
      done({ ok: false, reason: `the archive of /etc/passwd was unreadable: ${e.message}` }),
    );
    archive.on("error", (e: Error) =>
      done({ ok: false, reason: `reading /etc/passwd failed: ${e.message}` }),
    );
    archive.pipe(tar);
  });
}
