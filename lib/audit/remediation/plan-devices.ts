/**
 * The devices of the plan: today's `--device` and `--device-cgroup-rule` entries are kept (the app may need
 * them to work at all), never silently: each gets a check note saying what it exposes (CIS 5.18).
 */
import { deviceAccesses } from "../devices";
import type { ContainerSnapshot } from "../types";
import type { AddCheck } from "./types";

/** `--device` values (`host:container:perms`) and `--device-cgroup-rule` values, as today, with their notes. */
export function planDevices(
  snapshot: ContainerSnapshot,
  check: AddCheck,
): { devices: string[]; deviceCgroupRules: string[] } {
  const devices = snapshot.devices.map((d) => `${d.pathOnHost}:${d.pathInContainer}:${d.cgroupPermissions}`);
  for (const d of snapshot.devices) {
    const [access] = deviceAccesses([d], []);
    check(
      "--device",
      "devices",
      `${access?.what ?? d.pathOnHost} is kept: it is ${access?.write ? "write" : "direct"} access to the host's hardware that --read-only does not stop; remove it unless the app needs this exact device, and drop w where it only reads`,
    );
  }
  for (const r of snapshot.deviceCgroupRules) {
    const [access] = deviceAccesses([], [r]);
    check(
      "--device-cgroup-rule",
      "device_cgroup_rules",
      `${access?.what ?? `rule ${r}`} is kept: with CAP_MKNOD the container can create such a node in /dev and open it; remove the rule unless the app needs it, and narrow it to one major:minor`,
    );
  }
  return { devices, deviceCgroupRules: [...snapshot.deviceCgroupRules] };
}
