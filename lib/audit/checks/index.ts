/**
 * The check registry: every check, keyed by its id, in report column order ({@link CHECK_IDS}).
 */
import { CHECK_IDS, type Check, type CheckId } from "../types";
import { addedCapabilities } from "./added-capabilities";
import { apparmorProfile } from "./apparmor-profile";
import { capDropAll } from "./cap-drop-all";
import { dockerSocketMount } from "./docker-socket-mount";
import { hostDevices } from "./host-devices";
import { hostNamespaces } from "./host-namespaces";
import { kernelPaths } from "./kernel-paths";
import { memoryLimit } from "./memory-limit";
import { noNewPrivileges } from "./no-new-privileges";
import { nonRootUser } from "./non-root-user";
import { pidsLimit } from "./pids-limit";
import { privileged } from "./privileged";
import { readOnlyRootfs } from "./read-only-rootfs";
import { seccompProfile } from "./seccomp-profile";
import { sensitiveHostMount } from "./sensitive-host-mount";
import { tmpfsNoexec } from "./tmpfs-noexec";
import { tmpfsNosuid } from "./tmpfs-nosuid";
import { tmpfsSize } from "./tmpfs-size";
import { writableBindMount } from "./writable-bind-mount";
import { writableVolume } from "./writable-volume";

/** Every check by id. */
export const CHECKS: Readonly<Record<CheckId, Check>> = {
  "read-only-rootfs": readOnlyRootfs,
  "tmpfs-noexec": tmpfsNoexec,
  "tmpfs-nosuid": tmpfsNosuid,
  "tmpfs-size": tmpfsSize,
  "writable-bind-mount": writableBindMount,
  "writable-volume": writableVolume,
  "sensitive-host-mount": sensitiveHostMount,
  "docker-socket-mount": dockerSocketMount,
  "non-root-user": nonRootUser,
  "cap-drop-all": capDropAll,
  "added-capabilities": addedCapabilities,
  privileged,
  "no-new-privileges": noNewPrivileges,
  "seccomp-profile": seccompProfile,
  "apparmor-profile": apparmorProfile,
  "host-namespaces": hostNamespaces,
  "kernel-paths": kernelPaths,
  "host-devices": hostDevices,
  "memory-limit": memoryLimit,
  "pids-limit": pidsLimit,
};

/** Every check, in report column order. */
export const CHECK_LIST: readonly Check[] = CHECK_IDS.map((id) => CHECKS[id]);
