import { describe, expect, it } from "vitest";
import { engineSocketExposure, normalizeHostPath } from "./host-paths";

describe("normalizeHostPath", () => {
  it.each([
    ["/etc/", "/etc"],
    ["//etc", "/etc"],
    ["/var/lib/../lib/docker/", "/var/lib/docker"],
    ["/", "/"],
    ["//", "/"],
  ])("%s → %s", (p, expected) => {
    expect(normalizeHostPath(p)).toBe(expected);
  });
});

describe("engineSocketExposure", () => {
  it.each([
    ["/var/run/docker.sock", "/var/run/docker.sock is a container engine socket"],
    ["/run/podman/podman.sock", "/run/podman/podman.sock is a container engine socket"],
    ["/run/", "/run holds the container engine socket (/run/docker.sock)"],
    ["/", "/ holds the container engine socket (/var/run/docker.sock)"],
    ["/run/user", "/run/user holds a rootless or per-user engine socket (/run/user/*/docker.sock)"],
    ["/srv/app", null],
    ["/etc/localtime", null],
  ])("%s", (p, expected) => {
    expect(engineSocketExposure(p)).toBe(expected);
  });
});
