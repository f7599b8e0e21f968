import { containerCapabilities } from "../capabilities";
import { deviceAccesses } from "../devices";
import type { Check } from "../types";
import { countOf, NOUNS } from "../wording";

/**
 * No host device is exposed: `HostConfig.Devices` (`--device`) and `HostConfig.DeviceCgroupRules`
 * (`--device-cgroup-rule`) grant no read or write access. High when it can write one (a disk under a
 * read-only root is still the host's storage), medium when it can only read. A cgroup rule matters because
 * CAP_MKNOD (a default capability) creates the node in the writable `/dev`. CIS 5.18; case
 * `device-access-under-readonly-root`.
 */
export const hostDevices: Check = {
  id: "host-devices",
  title: "No host devices exposed",
  defaultSeverity: "high",
  cis: "5.18",
  description:
    "A host device given to the container (--device) or a cgroup rule allowing a device class (--device-cgroup-rule) is direct access to the host's hardware: a read-only root, dropped capabilities and a non-root user do not stop writes to a host disk through it.",
  remediation: {
    dockerRun: "remove --device … and --device-cgroup-rule … unless the app needs that exact device",
    compose: "devices / device_cgroup_rules: remove what the app does not need",
  },
  evaluate(s) {
    const evidence = {
      "HostConfig.Devices": s.devices.map(
        (d) => `${d.pathOnHost}:${d.pathInContainer}:${d.cgroupPermissions}`,
      ),
      "HostConfig.DeviceCgroupRules": s.deviceCgroupRules,
      "HostConfig.Privileged": s.privileged,
    };
    if (s.privileged) {
      return {
        status: "fail",
        message: "overridden by --privileged: every host device is accessible",
        evidence,
      };
    }
    const access = deviceAccesses(s.devices, s.deviceCgroupRules);
    if (access.length === 0) return { status: "pass", message: "no host devices exposed", evidence };
    const write = access.some((a) => a.write);
    const mknod = containerCapabilities(s).effective.includes("CAP_MKNOD");
    const viaRule = s.deviceCgroupRules.length > 0;
    const note = viaRule && mknod ? " (CAP_MKNOD lets it create the device node in the writable /dev)" : "";
    return {
      status: "fail",
      severity: write ? "high" : "medium",
      message: `${countOf(access.length, NOUNS.device)} of the host ${write ? "writable" : "readable"}: ${access.map((a) => a.what).join("; ")}${note}`,
      evidence,
    };
  },
};
