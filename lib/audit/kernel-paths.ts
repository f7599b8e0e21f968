/**
 * Kernel paths the engine hides or makes read-only in every non-privileged container, and what a container's
 * `HostConfig.MaskedPaths` / `ReadonlyPaths` leave of them. `--security-opt systempaths=unconfined` empties
 * both lists (it never shows in `SecurityOpt`); API clients can set them to anything. Case
 * `systempaths-unconfined-not-in-securityopt`.
 */
import { isSameOrAncestor, normalizeHostPath } from "./host-paths";
import type { ContainerSnapshot } from "./types";

/** moby `oci/defaults.go` `DefaultLinuxSpec().Linux.MaskedPaths` (Docker 20.10). */
export const ENGINE_MASKED_PATHS: readonly string[] = [
  "/proc/asound",
  "/proc/acpi",
  "/proc/kcore",
  "/proc/keys",
  "/proc/latency_stats",
  "/proc/timer_list",
  "/proc/timer_stats",
  "/proc/sched_debug",
  "/proc/scsi",
  "/sys/firmware",
];

/** moby `oci/defaults.go` `DefaultLinuxSpec().Linux.ReadonlyPaths` (Docker 20.10). */
export const ENGINE_READONLY_PATHS: readonly string[] = [
  "/proc/bus",
  "/proc/fs",
  "/proc/irq",
  "/proc/sys",
  "/proc/sysrq-trigger",
];

/**
 * Paths whose exposure is a known route to the host: `/proc/sys` writable (`kernel/core_pattern` runs a
 * program of the container's choosing as host root), `/proc/sysrq-trigger` (reboot or crash the host),
 * `/proc/kcore` (the host's memory), `/proc/keys` (the kernel keyring), `/sys/firmware` (firmware tables).
 */
export const CRITICAL_KERNEL_PATHS: ReadonlySet<string> = new Set([
  "/proc/sys",
  "/proc/sysrq-trigger",
  "/proc/kcore",
  "/proc/keys",
  "/sys/firmware",
]);

/** What a container's kernel path settings leave exposed of the engine's defaults. */
export interface KernelPathExposure {
  /** Default masked paths neither masked (nor under a masked folder) here, in the defaults' order. */
  unmasked: string[];
  /** Default read-only paths neither read-only nor masked here. */
  writable: string[];
  /** `true` when both lists are set and empty: what `systempaths=unconfined` leaves. */
  unconfined: boolean;
}

const covered = (p: string, list: readonly string[]) =>
  list.some((x) => isSameOrAncestor(normalizeHostPath(x), p));

/**
 * The {@link KernelPathExposure} of a snapshot: its lists compared with the engine's defaults, `null` lists
 * standing for those defaults. A path counts as protected when it or a folder above it is in the list
 * (masking also protects a path meant to be read-only). `--privileged` is not considered here (the engine
 * applies no masks to it; the checks say so).
 */
export function kernelPathExposure(
  s: Pick<ContainerSnapshot, "maskedPaths" | "readonlyPaths">,
): KernelPathExposure {
  const masked = s.maskedPaths ?? ENGINE_MASKED_PATHS;
  const readonly = s.readonlyPaths ?? ENGINE_READONLY_PATHS;
  return {
    unmasked: ENGINE_MASKED_PATHS.filter((p) => !covered(p, masked)),
    writable: ENGINE_READONLY_PATHS.filter((p) => !covered(p, readonly) && !covered(p, masked)),
    unconfined:
      s.maskedPaths !== null && s.readonlyPaths !== null && masked.length === 0 && readonly.length === 0,
  };
}
