import { describe, expect, it } from "vitest";
import { engineEndpoint, engineSocketPath } from "./endpoint";

describe("engineEndpoint", () => {
  it.each([
    [undefined, "unix:///var/run/docker.sock"],
    ["", "unix:///var/run/docker.sock"],
    ["unix:///run/roaudit/docker.sock", "unix:///run/roaudit/docker.sock"],
    ["tcp://127.0.0.1:2376", "tcp://127.0.0.1:2376"],
    ["127.0.0.1:2375", "tcp://127.0.0.1:2375"],
    ["ssh://admin:hunter2@host.example", "ssh://host.example"],
    ["ssh://admin:s3cr/et@127.0.0.1:1", "ssh://127.0.0.1:1"],
    ["admin:hunter2@127.0.0.1:1", "tcp://127.0.0.1:1"],
    ["tcp://u:p@ss@host:2376", "tcp://host:2376"],
  ])("DOCKER_HOST=%s → %s", (value, expected) => {
    const env = (value === undefined ? {} : { DOCKER_HOST: value }) as NodeJS.ProcessEnv;
    expect(engineEndpoint(env)).toBe(expected);
    for (const secret of ["hunter2", "s3cr", "et@", "p@ss", "admin"])
      expect(engineEndpoint(env)).not.toContain(secret);
  });
});

describe("engineSocketPath", () => {
  it.each([
    [undefined, "/var/run/docker.sock"],
    ["unix:///run/roaudit/docker.sock", "/run/roaudit/docker.sock"],
    ["tcp://127.0.0.1:2375", null],
    ["ssh://user@host", null],
    ["unix://relative.sock", null],
  ])("DOCKER_HOST %s → %s", (host, expected) => {
    const env = (host === undefined ? {} : { DOCKER_HOST: host }) as NodeJS.ProcessEnv;
    expect(engineSocketPath(env)).toBe(expected);
  });
});
