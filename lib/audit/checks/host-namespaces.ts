import type { Check } from "../types";

/**
 * No host namespaces: `NetworkMode` (CIS 5.10), `PidMode` (5.16), `IpcMode` (5.17), `UTSMode` (5.21) and
 * `UsernsMode` (5.31) are not `host`.
 */
export const hostNamespaces: Check = {
  id: "host-namespaces",
  title: "No host namespaces",
  defaultSeverity: "high",
  cis: "5.10, 5.16, 5.17, 5.21, 5.31",
  description:
    "Sharing the host's network, PID, IPC, UTS or user namespace removes a layer of isolation: the container sees and can signal host processes, reach host-only services, or act with the host's uids.",
  remediation: {
    dockerRun: "remove --network host / --pid host / --ipc host / --uts host / --userns host",
    compose: "remove network_mode: host, pid: host, ipc: host, uts: host, userns_mode: host",
  },
  evaluate(s) {
    const ns = s.namespaces;
    const evidence = {
      "HostConfig.NetworkMode": ns.network,
      "HostConfig.PidMode": ns.pid,
      "HostConfig.IpcMode": ns.ipc,
      "HostConfig.UTSMode": ns.uts,
      "HostConfig.UsernsMode": ns.userns,
    };
    const shared = [
      ["network", ns.network],
      ["PID", ns.pid],
      ["IPC", ns.ipc],
      ["UTS", ns.uts],
      ["user", ns.userns],
    ]
      .filter(([, mode]) => mode === "host")
      .map(([name]) => name);
    if (shared.length > 0) {
      return {
        status: "fail",
        message: `shares the host's ${shared.join(", ")} namespace${shared.length > 1 ? "s" : ""}`,
        evidence,
      };
    }
    return { status: "pass", message: "no host namespaces", evidence };
  },
};
