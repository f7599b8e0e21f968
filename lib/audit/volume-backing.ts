/**
 * What a volume really mounts, from its driver and the `local` driver's options (mount(8)'s `type`, `o`,
 * `device`), as moby's `volume/local` driver applies them: `o` holding `bind` mounts the host folder `device`
 * (`type` is then `none`); `type=tmpfs` mounts a tmpfs with `o` alone; any other `type` mounts `device` with
 * that filesystem (nfs, cifs, ext4 on a block device, …); no `type` at all is a folder in the engine's storage.
 * Case `volume-local-driver-bind-hides-host-path`.
 */
import type { VolumeBacking } from "./types";

/**
 * The {@link VolumeBacking} of a volume of driver `driver` (`""` or `local` for the built-in one) with driver
 * options `options` (`GET /volumes/{name}` `Options`, or `HostConfig.Mounts[].VolumeOptions.DriverConfig.
 * Options`). Option keys are matched as the driver matches them (exact, lower case). Never throws.
 */
export function volumeBacking(driver: string, options: Readonly<Record<string, string>>): VolumeBacking {
  if (driver !== "" && driver !== "local") return { kind: "plugin", driver };
  const type = (options.type ?? "").trim();
  const o = (options.o ?? "").trim();
  const device = (options.device ?? "").trim();
  const flags = o.split(",").map((f) => f.trim());
  if (flags.includes("bind") || flags.includes("rbind"))
    return { kind: "bind", hostPath: device, options: o };
  if (type === "") return { kind: "storage" };
  if (type === "tmpfs") return { kind: "tmpfs", options: o };
  return { kind: "filesystem", fsType: type, device, options: o };
}

/** One line naming what a volume's backing is, for evidence and the detail page. */
export function describeBacking(b: VolumeBacking): string {
  switch (b.kind) {
    case "storage":
      return "a folder in the engine's storage";
    case "bind":
      return `a bind of the host folder ${b.hostPath} (local driver, o=${b.options})`;
    case "tmpfs":
      return `a tmpfs (local driver, type=tmpfs${b.options ? `, o=${b.options}` : ", no options"})`;
    case "filesystem":
      return `a ${b.fsType} mount of ${b.device || "(no device)"} (local driver${b.options ? `, o=${b.options}` : ""})`;
    case "plugin":
      return `a volume of the ${b.driver} driver`;
    case "unknown":
      return `unknown: ${b.reason}`;
  }
}
