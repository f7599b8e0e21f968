import { describe, expect, it } from "vitest";
import { displayEndpoint, isLoopbackHost, parseHost, redactEndpoint, transportOf } from "./host";

const SSH = { identityFile: "/k/id", passphraseFile: null, knownHostsFile: "/k/known_hosts" };
const TLS = { ca: "/t/ca.pem", cert: "/t/cert.pem", key: "/t/key.pem", skipVerify: false };

describe("parseHost", () => {
  it("reads unix, tcp and ssh hosts with the docker CLI's default ports", () => {
    expect(parseHost("unix:///run/docker.sock")).toEqual({ kind: "unix", socketPath: "/run/docker.sock" });
    expect(parseHost("tcp://10.0.0.5")).toEqual({ kind: "tcp", host: "10.0.0.5", port: 2375 });
    expect(parseHost("tcp://10.0.0.5", true)).toEqual({ kind: "tcp", host: "10.0.0.5", port: 2376 });
    expect(parseHost("tcp://[::1]:2999")).toEqual({ kind: "tcp", host: "::1", port: 2999 });
    expect(parseHost("ssh://ops@prod-1")).toEqual({ kind: "ssh", host: "prod-1", port: 22, user: "ops" });
    expect(parseHost("ssh://ops@prod-1:2222")).toEqual({
      kind: "ssh",
      host: "prod-1",
      port: 2222,
      user: "ops",
    });
  });

  it("refuses other schemes, relative sockets, passwords and paths without repeating the URL", () => {
    for (const bad of [
      "http://x",
      "npipe:////./pipe/x",
      "unix://run/x.sock",
      "ssh://ops:s3cret@h",
      "tcp://h:1/x",
      "x",
    ]) {
      expect(() => parseHost(bad)).toThrow();
    }
    try {
      parseHost("ssh://ops:s3cret@h");
    } catch (error) {
      expect((error as Error).message).not.toContain("s3cret");
      expect((error as Error).message).not.toContain("ops");
    }
  });
});

describe("isLoopbackHost", () => {
  it("is true for localhost, 127/8 and ::1 only", () => {
    expect(["localhost", "127.0.0.1", "127.8.9.10", "::1"].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(["10.0.0.1", "127.example.com", "::2", "0.0.0.0"].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("transportOf", () => {
  const none = { tls: null, allowPlainTcp: false, ssh: null };
  it("refuses plain tcp to another host unless allowed", () => {
    expect(() => transportOf(parseHost("tcp://10.0.0.5:2375"), none)).toThrow(/allowPlainTcp/);
    expect(transportOf(parseHost("tcp://10.0.0.5:2375"), { ...none, allowPlainTcp: true })).toEqual({
      kind: "tcp",
      host: "10.0.0.5",
      port: 2375,
      tls: null,
    });
    expect(transportOf(parseHost("tcp://127.0.0.1:2375"), none)).toMatchObject({ kind: "tcp", tls: null });
    expect(transportOf(parseHost("tcp://10.0.0.5:2376", true), { ...none, tls: TLS })).toMatchObject({
      tls: TLS,
    });
  });

  it("needs a user, a key file and a known_hosts file for ssh", () => {
    expect(() => transportOf(parseHost("ssh://h"), { ...none, ssh: SSH })).toThrow(/user/);
    expect(() => transportOf(parseHost("ssh://ops@h"), none)).toThrow(/known_hosts/);
    expect(transportOf(parseHost("ssh://ops@h:2222"), { ...none, ssh: SSH })).toEqual({
      kind: "ssh",
      host: "h",
      port: 2222,
      user: "ops",
      ...SSH,
    });
  });

  it("refuses TLS files on a non-tcp host", () => {
    expect(() => transportOf(parseHost("unix:///x.sock"), { ...none, tls: TLS })).toThrow(/tcp/);
  });
});

describe("displayEndpoint", () => {
  it("strips the ssh user", () => {
    expect(
      displayEndpoint(transportOf(parseHost("ssh://ops@h"), { tls: null, allowPlainTcp: false, ssh: SSH })),
    ).toBe("ssh://h:22");
    expect(displayEndpoint({ kind: "tcp", host: "::1", port: 1, tls: null })).toBe("tcp://[::1]:1");
  });
});

describe("redactEndpoint", () => {
  const CANARY = "CANARY7x";
  it.each([
    [`ssh://admin:s3cr/${CANARY}@127.0.0.1:1`, "ssh://127.0.0.1:1"],
    [`admin:${CANARY}@127.0.0.1:1`, "tcp://127.0.0.1:1"],
    [`tcp://u:p@ss${CANARY}@host:2376`, "tcp://host:2376"],
    [`tcp://u:${CANARY}@host:2376`, "tcp://host:2376"],
    [`TCP://u:${CANARY}/x@y@host:2376`, "tcp://host:2376"],
    [`https://${CANARY}:x@engine.example:443`, "https://engine.example:443"],
    [`http://u:${CANARY}@[::1]:2375`, "http://[::1]:2375"],
    [`ssh://${CANARY}@host`, "ssh://host"],
    [`${CANARY}@host`, "tcp://host"],
    [`tcp://u:p/${CANARY}@host:2376/`, "tcp://host:2376/"],
    [`tcp://host:2376?token=${CANARY}`, "tcp://host:2376"],
    [`tcp://host:2376#${CANARY}`, "tcp://host:2376"],
    [`  ssh://a:${CANARY}@h:22  `, "ssh://h:22"],
    ["unix:///run/roaudit/docker.sock", "unix:///run/roaudit/docker.sock"],
    ["npipe:////./pipe/docker_engine", "npipe:////./pipe/docker_engine"],
    ["tcp://127.0.0.1:2376", "tcp://127.0.0.1:2376"],
    ["127.0.0.1:2375", "tcp://127.0.0.1:2375"],
  ])("%s → %s", (raw, shown) => {
    expect(redactEndpoint(raw)).toBe(shown);
    if (!raw.startsWith("unix") && !raw.startsWith("npipe"))
      expect(redactEndpoint(raw)).not.toContain(CANARY);
  });
});
