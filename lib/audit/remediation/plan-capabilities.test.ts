import { describe, expect, it } from "vitest";
import { fixtureSnapshot } from "../fixtures/load";
import { knownImage } from "../known-images";
import type { CheckNote } from "./plan";
import { planCapabilities } from "./plan-capabilities";

function capsOf(name: string, runsAsRoot: boolean, image?: string) {
  const snapshot = fixtureSnapshot(name);
  const checks: CheckNote[] = [];
  const capAdd = planCapabilities(snapshot, image ? knownImage(image) : null, runsAsRoot, (flag, key, text) =>
    checks.push({ flag, key, text }),
  );
  return { capAdd, checks: checks.map((c) => `${c.flag}: ${c.text}`) };
}

describe("planCapabilities", () => {
  it("keeps what the container added itself, with a note (fixture cap-add-chown)", () => {
    expect(capsOf("cap-add-chown", true)).toEqual({
      capAdd: ["CHOWN"],
      checks: ["--cap-add: CHOWN kept (added with --cap-add today): drop it if the app does without"],
    });
  });

  it("drops the engine's defaults it was not known to need, and lists them (fixture writable-default)", () => {
    expect(capsOf("writable-default", true)).toEqual({
      capAdd: [],
      checks: [
        "--cap-add: it has AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, NET_RAW, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT today, dropped here: add back only those the app fails without",
      ],
    });
  });

  it("keeps a known image's capabilities it has today (fixture writable-default as postgres)", () => {
    expect(capsOf("writable-default", true, "postgres:16").capAdd).toEqual([
      "CHOWN",
      "DAC_OVERRIDE",
      "FOWNER",
      "SETGID",
      "SETUID",
    ]);
  });

  it("adds nothing back that it does not have today (fixture hardened: cap-drop ALL)", () => {
    expect(capsOf("hardened", false, "postgres:16")).toEqual({ capAdd: [], checks: [] });
  });

  it("never keeps --privileged, and says so (fixture privileged-readonly)", () => {
    expect(capsOf("privileged-readonly", true).checks).toContain(
      "--privileged: it runs --privileged today, which can remount / read-write: it is dropped; give it the devices and capabilities it needs instead",
    );
  });
});
