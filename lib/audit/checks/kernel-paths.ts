import { CRITICAL_KERNEL_PATHS, kernelPathExposure } from "../kernel-paths";
import type { Check } from "../types";
import { countOf, NOUNS } from "../wording";

/**
 * The engine's masked and read-only kernel paths are all still in place (`HostConfig.MaskedPaths`,
 * `HostConfig.ReadonlyPaths`; `null` is the engine's defaults). `--security-opt systempaths=unconfined` empties
 * both without a trace in `SecurityOpt`; API clients can set any list. High when `/proc/sys`,
 * `/proc/sysrq-trigger`, `/proc/kcore`, `/proc/keys` or `/sys/firmware` is exposed, medium for the others.
 * Case `systempaths-unconfined-not-in-securityopt`.
 */
export const kernelPaths: Check = {
  id: "kernel-paths",
  title: "Kernel paths masked and read-only",
  defaultSeverity: "high",
  cis: null,
  description:
    "The engine hides /proc/kcore, /proc/keys, /sys/firmware … and mounts /proc/sys and /proc/sysrq-trigger read-only. Without that, root in the container can write /proc/sys/kernel/core_pattern (a program the host runs as root) or trigger a reboot, read-only root or not.",
  remediation: {
    dockerRun: "remove --security-opt systempaths=unconfined (and any MaskedPaths/ReadonlyPaths set by API)",
    compose: "security_opt: remove systempaths=unconfined",
  },
  evaluate(s) {
    const evidence = {
      "HostConfig.MaskedPaths": s.maskedPaths ?? "engine defaults",
      "HostConfig.ReadonlyPaths": s.readonlyPaths ?? "engine defaults",
      "HostConfig.Privileged": s.privileged,
    };
    if (s.privileged) {
      return {
        status: "fail",
        message: "overridden by --privileged: no kernel path is masked or read-only",
        evidence,
      };
    }
    const e = kernelPathExposure(s);
    const exposed = [...e.writable, ...e.unmasked];
    if (exposed.length === 0) {
      const message =
        s.maskedPaths === null && s.readonlyPaths === null
          ? "the engine's default kernel path masks apply"
          : "every default kernel path is masked or read-only";
      return { status: "pass", message, evidence };
    }
    const parts = [
      e.writable.length > 0 ? `${e.writable.join(", ")} writable` : null,
      e.unmasked.length > 0 ? `${e.unmasked.join(", ")} unmasked` : null,
    ].filter((p): p is string => p !== null);
    const why = e.unconfined ? " (systempaths=unconfined)" : "";
    return {
      status: "fail",
      severity: exposed.some((p) => CRITICAL_KERNEL_PATHS.has(p)) ? "high" : "medium",
      message: `${countOf(exposed.length, NOUNS.path)} of the kernel exposed${why}: ${parts.join("; ")}`,
      evidence: { ...evidence, exposed },
    };
  },
};
