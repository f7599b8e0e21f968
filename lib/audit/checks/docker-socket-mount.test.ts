import { describe, expect, it } from "vitest";
import { caseSnapshot, fixtureSnapshot } from "../fixtures/load";
import { dockerSocketMount } from "./docker-socket-mount";

describe("docker-socket-mount", () => {
  it.each([
    [
      "socket-ro",
      "fail",
      "/var/run/docker.sock is a container engine socket (read-only does not make this safe)",
    ],
    ["hardened", "pass", "no engine socket mounted"],
    ["etc-localtime-ro", "pass", "no engine socket mounted"],
  ])("%s → %s", (name, status, message) => {
    const outcome = dockerSocketMount.evaluate(fixtureSnapshot(name));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toBe(message);
  });

  it("fails a fully hardened container with the socket mounted :ro (case docker-socket-mounted-readonly)", () => {
    const outcome = dockerSocketMount.evaluate(
      caseSnapshot("docker-socket-mounted-readonly", "case-sock-ro"),
    );
    expect(outcome.status).toBe("fail");
    expect(outcome.evidence).toEqual({ Mounts: { "/var/run/docker.sock": "/var/run/docker.sock (ro)" } });
  });

  it.each([
    [
      "/run/containerd/containerd.sock",
      "/c.sock",
      "/run/containerd/containerd.sock is a container engine socket",
    ],
    ["/run/user/1000/docker.sock", "/d.sock", "/run/user/1000/docker.sock is a container engine socket"],
    ["/var/run", "/host-run", "/var/run holds the container engine socket (/var/run/docker.sock)"],
    ["/", "/host", "/ holds the container engine socket (/var/run/docker.sock)"],
    ["/var", "/host-var", "/var holds the container engine socket (/var/run/docker.sock)"],
    [
      "/srv/elsewhere.sock",
      "/var/run/docker.sock",
      "/var/run/docker.sock in the container is an engine socket",
    ],
  ])("flags %s mounted at %s", (source, destination, message) => {
    const s = {
      ...fixtureSnapshot("writable-default"),
      mounts: [{ type: "bind" as const, source, destination, rw: true }],
    };
    expect(dockerSocketMount.evaluate(s).message).toBe(message);
  });

  describe("engine sockets wherever they are", () => {
    const base = fixtureSnapshot("hardened");
    const bind = (source: string, rw = false) => ({ type: "bind" as const, source, destination: "/x", rw });
    const judge = (source: string, extra: Partial<typeof base> = {}) =>
      dockerSocketMount.evaluate({ ...base, mounts: [bind(source)], ...extra });

    it.each([
      ["/run/user/1000/docker.sock", "fail"],
      ["/run/user/1000", "fail"],
      ["/run/user", "fail"],
      ["/var/run/user/1000", "fail"],
      ["/run/user/1000/podman", "fail"],
      ["/run/user/1000/podman/podman.sock", "fail"],
      ["/home/alice/.docker/run/docker.sock", "fail"],
      ["/home/alice/.docker/run", "fail"],
      ["/home/alice/.docker", "fail"],
      ["/root/.docker/desktop", "fail"],
      ["/run/podman", "fail"],
      ["/var/run/crio", "fail"],
      ["/home/alice/.docker/config.json", "pass"],
      ["/run/user/1000/pulse", "pass"],
      ["/home/alice/projects", "pass"],
      ["/srv/app", "pass"],
    ])("rootless and per-user sockets: a bind of %s → %s", (source, status) => {
      expect(judge(source).status).toBe(status);
    });

    it.each([
      ["/srv/engine/docker-api.socket", "fail"],
      ["/srv/engine", "fail"],
      ["/srv", "fail"],
      ["/srv/other", "pass"],
    ])(
      "the socket roaudit talks to (DOCKER_HOST unix:///srv/engine/docker-api.socket): a bind of %s → %s",
      (source, status) => {
        const engine = { ...base.engine, socketPath: "/srv/engine/docker-api.socket" };
        expect(judge(source, { engine }).status).toBe(status);
      },
    );

    it("a socket found beneath a bind's source that answered /_ping fails, read-only or not; one that did not, passes", () => {
      const socketScan = {
        found: [{ source: "/opt/tools", socket: "/opt/tools/run/api.sock" }],
        partial: [],
      };
      const outcome = judge("/opt/tools", { socketScan });
      expect(outcome.status).toBe("fail");
      expect(outcome.message).toContain("/opt/tools/run/api.sock");
      expect(judge("/opt/tools", { socketScan: { found: [], partial: [] } }).status).toBe("pass");
    });

    it("a bind volume of a socket folder is a socket mount", () => {
      const volume = {
        type: "volume" as const,
        name: "v",
        anonymous: false,
        destination: "/sock",
        rw: false,
        backing: { kind: "bind" as const, hostPath: "/run/user/1000", options: "bind" },
      };
      expect(dockerSocketMount.evaluate({ ...base, mounts: [volume] }).status).toBe("fail");
    });
  });
});
