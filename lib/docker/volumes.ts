/**
 * Reads named volumes' driver and options (`GET /volumes/{name}`), so that the snapshot can tell what a
 * `local` volume really mounts (a host folder, a tmpfs, an nfs export: `lib/audit/volume-backing.ts`).
 * Inspect never says: it shows every one as `Type: "volume"` under the engine's storage.
 */
import "server-only";
import pLimit from "p-limit";
import { engineCall } from "./client";
import { EngineUnavailableError, engineStatus } from "./errors";
import { volumeInspectSchema } from "./inspect-schema";
import type { VolumeRead } from "./snapshot";

/** Volume reads run in parallel at most this many at a time, per {@link VolumeReader}. */
export const VOLUME_CONCURRENCY = 4;

/** Longest one volume read may take, in ms; past it the volume's backing is reported unknown. */
export const VOLUME_READ_TIMEOUT_MS = 5_000;

/** The engine's rule for volume names (moby `volume/local`: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`). */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,254}$/;

/**
 * One request's volume reads: each name is read at most once (many containers share a volume), at most
 * {@link VOLUME_CONCURRENCY} at a time. Make one per fleet read or detail page; never keep one across
 * requests (a volume can be removed and re-created with other options).
 */
export class VolumeReader {
  private readonly cache = new Map<string, Promise<VolumeRead>>();
  private readonly limit = pLimit(VOLUME_CONCURRENCY);

  /**
   * The {@link VolumeRead} of every name, by name. A volume that is gone (HTTP 404: removed since the
   * inspect), a name the engine could not have made, a malformed answer or a slow one give `ok: false` with
   * why, never an error. Throws `EngineUnavailableError` only when the engine itself stopped answering.
   */
  async read(names: readonly string[], signal?: AbortSignal): Promise<Map<string, VolumeRead>> {
    const unique = [...new Set(names)];
    const reads = await Promise.all(unique.map((name) => this.one(name, signal)));
    return new Map(unique.map((name, i) => [name, reads[i] as VolumeRead]));
  }

  private one(name: string, signal?: AbortSignal): Promise<VolumeRead> {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const read = this.limit(() => readVolume(name, signal));
    this.cache.set(name, read);
    return read;
  }
}

async function readVolume(name: string, signal?: AbortSignal): Promise<VolumeRead> {
  if (!VOLUME_NAME.test(name)) return { ok: false, reason: "not a volume name the engine makes" };
  try {
    const raw: unknown = await engineCall((d, s) => d.getVolume(name).inspect({ abortSignal: s } as object), {
      signal,
      timeoutMs: VOLUME_READ_TIMEOUT_MS,
    });
    const parsed = volumeInspectSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, reason: "the engine's answer about the volume was malformed" };
    return { ok: true, driver: parsed.data.Driver, options: parsed.data.Options };
  } catch (error) {
    if (engineStatus(error) === 404) return { ok: false, reason: "the volume no longer exists" };
    if (error instanceof EngineUnavailableError) {
      // A caller's deadline or a dead engine ends the whole read; one slow volume does not.
      if (signal?.aborted) throw error;
      return { ok: false, reason: "the engine did not answer about the volume in time" };
    }
    return { ok: false, reason: "the volume could not be read" };
  }
}
