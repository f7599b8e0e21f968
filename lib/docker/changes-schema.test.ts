import { describe, expect, it } from "vitest";
import { rawRemediation } from "@/lib/audit/fixtures/remediation/load";
import { parseChanges } from "./changes-schema";
import { InspectShapeError } from "./inspect-schema";

describe("parseChanges", () => {
  it("keeps the engine's null (an empty writable layer) as null (fixture remediation/created)", () => {
    expect(parseChanges(rawRemediation("created", "changes"))).toBeNull();
  });

  it("maps Kind 0/1/2 to modified/added/deleted, sorted by path (fixture remediation/writes-exited)", () => {
    expect(parseChanges(rawRemediation("writes-exited", "changes"))).toEqual([
      { path: "/root", kind: "modified" },
      { path: "/root/.ash_history", kind: "added" },
      { path: "/tmp", kind: "modified" },
      { path: "/tmp/x", kind: "added" },
      { path: "/var", kind: "modified" },
      { path: "/var/lib", kind: "added" },
      { path: "/var/lib/app", kind: "added" },
      { path: "/var/lib/app/state", kind: "added" },
    ]);
    expect(parseChanges([{ Path: "/etc/group", Kind: 2 }])).toEqual([
      { path: "/etc/group", kind: "deleted" },
    ]);
  });

  it("keeps hostile paths byte for byte (fixture remediation/hostile)", () => {
    const paths = parseChanges(rawRemediation("hostile", "changes"))?.map((c) => c.path);
    expect(paths).toContain("/var/lib/x\ny/z");
    expect(paths).toContain("/srv/it's here");
  });

  it("throws InspectShapeError on an answer that is not a change list", () => {
    expect(() => parseChanges({})).toThrow(InspectShapeError);
    expect(() => parseChanges([{ Path: "relative", Kind: 1 }])).toThrow(InspectShapeError);
    expect(() => parseChanges([{ Path: "/x", Kind: 3 }])).toThrow(/unexpected change list at 0.Kind/);
  });
});
