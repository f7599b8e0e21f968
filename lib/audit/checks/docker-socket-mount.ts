import { engineSocketExposure, isEngineSocketName } from "../host-paths";
import { bindEvidence, bindMounts } from "../mounts";
import type { Check, CheckOutcome, SocketScan } from "../types";

/** Why a bind source holds a socket that answered the Engine API's `/_ping`, or `null`. */
function answeringSocket(scan: SocketScan | null | undefined, source: string): string | null {
  const sockets = (scan?.found ?? []).filter((f) => f.source === source).map((f) => f.socket);
  if (sockets.length === 0) return null;
  return `${source} holds ${sockets.join(", ")}, which answers the Engine API (/_ping)`;
}

/**
 * The engine's (or containerd's, podman's) API socket, or the folder holding it, bind-mounted in (binds by
 * effect: a `local` volume with `o=bind` too). Sockets are known by name, by default and rootless locations,
 * as the socket roaudit itself talks to (`DOCKER_HOST`), or — on the engine's host — as any socket file beneath
 * the bind's source that answered `/_ping` (`SocketScan`).
 * `:ro` does not help: connecting to a socket is not a write. CIS 5.32; case `docker-socket-mounted-readonly`.
 */
export const dockerSocketMount: Check = {
  id: "docker-socket-mount",
  title: "Docker socket not mounted",
  defaultSeverity: "critical",
  cis: "5.32",
  description:
    "Whoever can talk to the engine's socket can start a privileged container with the host's / mounted: it is root on the host. Mounting it read-only changes nothing.",
  remediation: {
    dockerRun:
      "remove -v /var/run/docker.sock:… (or front it with a proxy that allows only the calls needed)",
    compose: "volumes: remove the docker.sock entry",
  },
  evaluate(s): CheckOutcome {
    const known = s.engine.socketPath ? [s.engine.socketPath] : [];
    const exposed = bindMounts(s)
      .map((b) => ({
        bind: b,
        why:
          engineSocketExposure(b.source, known) ??
          (isEngineSocketName(b.destination)
            ? `${b.destination} in the container is an engine socket`
            : null) ??
          answeringSocket(s.socketScan, b.source),
      }))
      .filter((x): x is { bind: (typeof x)["bind"]; why: string } => x.why !== null);
    if (exposed.length === 0) return { status: "pass", message: "no engine socket mounted", evidence: {} };
    const ro = exposed.every((x) => !x.bind.rw);
    return {
      status: "fail",
      message: `${exposed.map((x) => x.why).join("; ")}${ro ? " (read-only does not make this safe)" : ""}`,
      evidence: { Mounts: bindEvidence(exposed.map((x) => x.bind)) },
    };
  },
};
