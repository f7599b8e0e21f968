import { describe, expect, it } from "vitest";
import { engineEndpoint } from "./endpoint";

describe("engineEndpoint", () => {
  it.each([
    [undefined, "unix:///var/run/docker.sock"],
    ["", "unix:///var/run/docker.sock"],
    ["unix:///run/roaudit/docker.sock", "unix:///run/roaudit/docker.sock"],
    ["tcp://127.0.0.1:2376", "tcp://127.0.0.1:2376"],
    ["127.0.0.1:2375", "tcp://127.0.0.1:2375"],
    ["ssh://admin:hunter2@host.example", "ssh://host.example"],
  ])("DOCKER_HOST=%s → %s", (value, expected) => {
    const env = (value === undefined ? {} : { DOCKER_HOST: value }) as NodeJS.ProcessEnv;
    expect(engineEndpoint(env)).toBe(expected);
  });
});
