import { describe, expect, it } from "vitest";
import { ENGINE_DEFAULT_CAPABILITIES } from "../capabilities";
import { procFixture } from "./fixtures";
import {
  decodeCapabilities,
  insideId,
  isIdentityMap,
  outsideId,
  parseIdMap,
  parseProcStatus,
} from "./proc-status";

describe("decodeCapabilities", () => {
  it("decodes the engine's default set (a80425fb) to its 14 names", () => {
    expect(decodeCapabilities("00000000a80425fb")).toEqual([...ENGINE_DEFAULT_CAPABILITIES]);
  });

  it("decodes NET_ADMIN (bit 12) added to the defaults", () => {
    expect(decodeCapabilities("00000000a80435fb")).toEqual(
      [...ENGINE_DEFAULT_CAPABILITIES, "CAP_NET_ADMIN"].sort(),
    );
  });

  it("decodes nothing, everything, and names unknown bits by number", () => {
    expect(decodeCapabilities("0000000000000000")).toEqual([]);
    expect(decodeCapabilities("000001ffffffffff")).toHaveLength(41);
    expect(decodeCapabilities("0000020000000000")).toEqual(["CAP_41"]);
  });

  it("throws on text that is not a mask", () => {
    expect(() => decodeCapabilities("zz")).toThrow("not a capability mask");
  });
});

describe("parseIdMap", () => {
  it("reads the initial namespace's map as the identity", () => {
    const map = parseIdMap(procFixture("noshell-readonly.uid_map"));
    expect(map).toEqual([{ inside: 0, outside: 0, count: 4294967295 }]);
    expect(isIdentityMap(map)).toBe(true);
  });

  it("maps ids both ways under userns-remap and rootless (hand-written maps, see the fixture README)", () => {
    const remap = parseIdMap(procFixture("userns-remap.uid_map"));
    expect(isIdentityMap(remap)).toBe(false);
    expect(insideId(remap, 100000)).toBe(0);
    expect(outsideId(remap, 1000)).toBe(101000);
    expect(insideId(remap, 5)).toBeNull();
    const rootless = parseIdMap(procFixture("rootless.uid_map"));
    expect(insideId(rootless, 1000)).toBe(0);
    expect(insideId(rootless, 100000)).toBe(1);
  });
});

describe("parseProcStatus", () => {
  it("reads a root PID 1 with the default capabilities, seccomp filter, NoNewPrivs 0", () => {
    expect(parseProcStatus(procFixture("readonly-tmpfs.status"))).toEqual({
      uid: 0,
      gid: 0,
      hostUid: null,
      capEff: [...ENGINE_DEFAULT_CAPABILITIES],
      capBnd: [...ENGINE_DEFAULT_CAPABILITIES],
      noNewPrivs: false,
      seccomp: 2,
    });
  });

  it("reads a hardened non-root PID 1: uid 1000, no capabilities, NoNewPrivs 1", () => {
    expect(parseProcStatus(procFixture("nonroot-hardened.status"))).toEqual({
      uid: 1000,
      gid: 1000,
      hostUid: null,
      capEff: [],
      capBnd: [],
      noNewPrivs: true,
      seccomp: 2,
    });
  });

  it("reads seccomp off", () => {
    expect(parseProcStatus(procFixture("seccomp-unconfined.status")).seccomp).toBe(0);
  });

  it("userns-remap, read inside: uid 0, whose host uid is 100000 (hand-written, see the fixture README)", () => {
    const p = parseProcStatus(procFixture("userns-remap-inside.status"), {
      readFrom: "container",
      uidMap: procFixture("userns-remap.uid_map"),
    });
    expect(p).toMatchObject({ uid: 0, gid: 0, hostUid: 100000 });
  });

  it("userns-remap, read from the host: uid 100000 there is uid 0 in the container (hand-written)", () => {
    const p = parseProcStatus(procFixture("userns-remap-host.status"), {
      readFrom: "host",
      uidMap: procFixture("userns-remap.uid_map"),
    });
    expect(p).toMatchObject({ uid: 0, gid: 0, hostUid: 100000 });
  });

  it("rootless, read from the host: the user's uid 1000 is root in the container (hand-written)", () => {
    const p = parseProcStatus(procFixture("rootless-host.status"), {
      readFrom: "host",
      uidMap: procFixture("rootless.uid_map"),
    });
    expect(p).toMatchObject({ uid: 0, hostUid: 1000 });
  });

  it("without a user namespace the host's view is the container's", () => {
    const p = parseProcStatus(procFixture("noshell-readonly.status"), {
      readFrom: "host",
      uidMap: procFixture("noshell-readonly.uid_map"),
    });
    expect(p).toMatchObject({ uid: 0, hostUid: null });
  });

  it("throws on text that is not a status file", () => {
    expect(() => parseProcStatus("Name:\tsleep\n")).toThrow("no effective id in the Uid: line");
  });

  it("says null for fields an old kernel does not show", () => {
    const text = "Uid:\t5\t5\t5\t5\nGid:\t5\t5\t5\t5\nCapEff:\t0000000000000000\nCapBnd:\t0000000000000000\n";
    expect(parseProcStatus(text)).toMatchObject({ noNewPrivs: null, seccomp: null });
  });
});
