import { describe, expect, it } from "vitest";
import type { VolumeBacking, VolumeMount } from "../types";
import { parseMountinfo } from "./mountinfo";
import { witnessVolume } from "./volume-witness";

// Lines as PID 1's mountinfo showed them on the real engine (data root /var/lib/roaudit-verdicts/engine on
// /dev/vda, 254:0): a plain volume, a type=tmpfs volume, an o=bind volume of /tmp/vd-bindsrc, and what a
// process with CAP_SYS_ADMIN mounted over each.
const entry = (line: string) => {
  const [e] = parseMountinfo(line);
  if (!e) throw new Error("bad line");
  return e;
};
const PLAIN = entry(
  "430 402 254:0 /var/lib/roaudit-verdicts/engine/volumes/vd-plain/_data /p rw,relatime master:1 - ext4 /dev/vda rw",
);
const TMPFS = entry("431 402 0:90 / /t rw,relatime - tmpfs tmpfs rw,size=1024k");
const BIND = entry("432 402 254:0 /tmp/vd-bindsrc /b rw,relatime master:22 - ext4 /dev/vda rw");
const COVERED_BY_TMPFS = entry("500 430 0:91 / /p rw,relatime - tmpfs x rw");
const COVERED_BY_ETC = entry("501 432 0:80 /etc /b rw,relatime - overlay overlay rw,lowerdir=/x");
const NFS = entry("433 402 0:95 / /n rw,relatime - nfs4 srv:/export rw");

const volume = (name: string, destination: string, backing: VolumeBacking): VolumeMount => ({
  type: "volume",
  name,
  anonymous: false,
  destination,
  rw: true,
  backing,
});
const STORAGE: VolumeBacking = { kind: "storage" };
const AS_TMPFS: VolumeBacking = { kind: "tmpfs", options: "size=1m" };
const AS_BIND: VolumeBacking = { kind: "bind", hostPath: "/tmp/vd-bindsrc", options: "bind" };
const AS_NFS: VolumeBacking = { kind: "filesystem", fsType: "nfs", device: ":/export", options: "addr=srv" };

describe("witnessVolume", () => {
  const table = [
    {
      name: "plain volume in the volumes folder",
      v: volume("vd-plain", "/p", STORAGE),
      e: PLAIN,
      agree: true,
    },
    { name: "type=tmpfs volume that is a tmpfs", v: volume("t", "/t", AS_TMPFS), e: TMPFS, agree: true },
    { name: "o=bind volume of its device folder", v: volume("b", "/b", AS_BIND), e: BIND, agree: true },
    { name: "type=nfs volume the kernel shows as nfs4", v: volume("n", "/n", AS_NFS), e: NFS, agree: true },
    {
      name: "plain volume covered by a tmpfs",
      v: volume("vd-plain", "/p", STORAGE),
      e: COVERED_BY_TMPFS,
      agree: false,
    },
    {
      name: "plain volume of another name's folder",
      v: volume("other", "/p", STORAGE),
      e: PLAIN,
      agree: false,
    },
    { name: "type=tmpfs volume that is ext4", v: volume("t", "/t", AS_TMPFS), e: PLAIN, agree: false },
    {
      name: "o=bind volume with /etc mounted over it",
      v: volume("b", "/b", AS_BIND),
      e: COVERED_BY_ETC,
      agree: false,
    },
    { name: "type=nfs volume that is a tmpfs", v: volume("n", "/n", AS_NFS), e: TMPFS, agree: false },
    {
      name: "a plugin's volume: nothing to compare",
      v: volume("x", "/x", { kind: "plugin", driver: "rexray" }),
      e: TMPFS,
      agree: true,
    },
  ];
  for (const c of table) {
    it(`${c.name}: ${c.agree ? "agrees" : "disagrees"}`, () => {
      const w = witnessVolume(c.v, c.e, "254:0");
      expect(w.disagreements.length === 0).toBe(c.agree);
      expect(w.fsType).toBe(c.e.fsType);
    });
  }

  it("a plain volume on another device than the volumes folder disagrees, when the device is known", () => {
    expect(witnessVolume(volume("vd-plain", "/p", STORAGE), PLAIN, "8:1").disagreements).toHaveLength(1);
    expect(witnessVolume(volume("vd-plain", "/p", STORAGE), PLAIN, null).disagreements).toHaveLength(0);
  });

  it("names what the kernel shows", () => {
    const [d] = witnessVolume(volume("t", "/t", AS_TMPFS), PLAIN, null).disagreements;
    expect(d).toContain("tmpfs");
    expect(d).toContain("ext4");
  });
});
