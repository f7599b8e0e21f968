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
});
