/**
 * The configuration a person needs beside the checks on a container's detail page: who it runs as, what is
 * mounted, which capabilities it really gets, and its security options. Pure: built from the snapshot.
 */
import { containerCapabilities, ENGINE_DEFAULT_CAPABILITIES } from "./capabilities";
import type { ContainerSnapshot, Mount } from "./types";
import { resolveUser } from "./user";

/** A container's hardening-relevant configuration, as shown on its detail page and in `GET /api/containers/{id}`. */
export interface ContainerConfiguration {
  /** `HostConfig.ReadonlyRootfs`. */
  readonlyRootfs: boolean;
  /** `HostConfig.Privileged`. */
  privileged: boolean;
  user: {
    /** `Config.User` verbatim (`""` when neither image nor container set one). */
    configured: string;
    /** The uid the main process runs as, from the number or the container's `/etc/passwd`; `null` when unknown. */
    uid: number | null;
    /** How the uid was found, or why it could not be. */
    note: string;
  };
  /**
   * Every mount, sorted by destination (see `Mount` in `lib/audit/types.ts`): bind sources are host paths,
   * volumes are shown by name. Engine storage paths are redacted by the caller (`redactEngineRoot`).
   */
  mounts: Mount[];
  capabilities: {
    /** `HostConfig.CapAdd`, normalised (`CAP_…`, sorted). */
    add: string[];
    /** `HostConfig.CapDrop`, normalised (`ALL` or `CAP_…`, sorted). */
    drop: string[];
    /** What the engine gives without `--cap-add`/`--cap-drop` (moby's default set). */
    engineDefault: string[];
    /** The resulting set: engine default − drop + add (every capability when privileged or `CapAdd ALL`); see `containerCapabilities`. */
    effective: string[];
  };
  /** `HostConfig.SecurityOpt`, verbatim. */
  securityOpt: string[];
}

/** The {@link ContainerConfiguration} of a snapshot. */
export function containerConfiguration(snapshot: ContainerSnapshot): ContainerConfiguration {
  const resolved = resolveUser(snapshot.user);
  const caps = containerCapabilities(snapshot);
  const note = resolved.ok
    ? {
        default: "no user set: the engine runs the process as root",
        "group-only": `only a group set (${snapshot.user.configured.trim()}): the engine runs the process as uid 0 with it`,
        numeric: "numeric user",
        passwd: `"${resolved.name}" in the container's /etc/passwd`,
      }[resolved.how]
    : resolved.reason;
  return {
    readonlyRootfs: snapshot.readonlyRootfs,
    privileged: snapshot.privileged,
    user: { configured: snapshot.user.configured, uid: resolved.ok ? resolved.uid : null, note },
    mounts: snapshot.mounts,
    capabilities: {
      add: caps.add,
      drop: caps.drop,
      engineDefault: [...ENGINE_DEFAULT_CAPABILITIES],
      effective: caps.effective,
    },
    securityOpt: snapshot.securityOpt,
  };
}
