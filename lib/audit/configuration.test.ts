import { describe, expect, it } from "vitest";
import { ENGINE_DEFAULT_CAPABILITIES } from "./capabilities";
import { containerConfiguration } from "./configuration";
import { fixtureSnapshot } from "./fixtures/load";

describe("containerConfiguration", () => {
  it("hardened: numeric user, cap-drop ALL leaves nothing, tmpfs and a read-only bind", () => {
    const config = containerConfiguration(fixtureSnapshot("hardened"));
    expect(config.readonlyRootfs).toBe(true);
    expect(config.privileged).toBe(false);
    expect(config.user).toEqual({ configured: "1000:1000", uid: 1000, note: "numeric user" });
    expect(config.capabilities).toEqual({
      add: [],
      drop: ["ALL"],
      engineDefault: [...ENGINE_DEFAULT_CAPABILITIES],
      effective: [],
    });
    expect(config.securityOpt).toEqual(["no-new-privileges"]);
    expect(config.mounts.map((m) => [m.type, m.destination, m.rw])).toEqual([
      ["bind", "/config", false],
      ["tmpfs", "/tmp", true],
    ]);
  });

  it("defaults: no user is root, and the engine's default set is what the process gets", () => {
    const config = containerConfiguration(fixtureSnapshot("writable-default"));
    expect(config.user).toEqual({
      configured: "",
      uid: 0,
      note: "no user set: the engine runs the process as root",
    });
    expect(config.capabilities.effective).toEqual([...ENGINE_DEFAULT_CAPABILITIES]);
    expect(config.mounts).toEqual([]);
  });

  it("--cap-drop ALL --cap-add NET_ADMIN keeps only NET_ADMIN", () => {
    const config = containerConfiguration(fixtureSnapshot("cap-add-net-admin"));
    expect(config.capabilities.add).toEqual(["CAP_NET_ADMIN"]);
    expect(config.capabilities.drop).toEqual(["ALL"]);
    expect(config.capabilities.effective).toEqual(["CAP_NET_ADMIN"]);
  });

  it("a lower-case cap-drop all is still ALL", () => {
    const config = containerConfiguration(fixtureSnapshot("capdrop-lowercase"));
    expect(config.capabilities.drop).toEqual(["ALL"]);
    expect(config.capabilities.effective).toEqual([]);
  });

  it("a user name is resolved through the container's /etc/passwd", () => {
    expect(containerConfiguration(fixtureSnapshot("user-name-toor")).user).toEqual({
      configured: "toor",
      uid: 0,
      note: `"toor" in the container's /etc/passwd`,
    });
    expect(containerConfiguration(fixtureSnapshot("user-name-ghost")).user).toEqual({
      configured: "ghost",
      uid: null,
      note: `user "ghost" is not in the container's /etc/passwd`,
    });
  });

  it("privileged: every capability, whatever CapDrop says", () => {
    const config = containerConfiguration(fixtureSnapshot("privileged-readonly"));
    expect(config.privileged).toBe(true);
    expect(config.capabilities.effective).toContain("CAP_SYS_ADMIN");
    expect(config.capabilities.effective.length).toBe(41);
  });
});
