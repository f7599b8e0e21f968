import { describe, expect, it } from "vitest";
import type { Verification } from "@/lib/api-types";
import { verifyAllAnnouncement, verifyAnnouncement } from "./verify-announcements";

const verification: Verification = {
  verdict: "not-enforced",
  detail: "touch /etc/test-file succeeded",
  checkedAt: "2026-12-02T15:00:00.000Z",
  probes: [],
};

describe("verifyAnnouncement", () => {
  it("names the container and its verdict", () => {
    expect(verifyAnnouncement("sample-writer", { phase: "done", verification })).toBe(
      "sample-writer: Not enforced",
    );
  });

  it("names the container and the error", () => {
    expect(verifyAnnouncement("web", { phase: "error", message: "Not running.", code: null })).toBe(
      "web: Verify failed: Not running.",
    );
  });

  it("says nothing while running or when cancelled", () => {
    expect(verifyAnnouncement("web", { phase: "running" })).toBeNull();
    expect(verifyAnnouncement("web", null)).toBeNull();
  });
});

describe("verifyAllAnnouncement", () => {
  it("counts the verified and the not enforced", () => {
    expect(
      verifyAllAnnouncement({ verdicts: { enforced: 5, "not-enforced": 4 }, errors: 0, cancelled: 0 }),
    ).toBe("Verify all finished: 9 verified: 4 not enforced, 5 enforced.");
  });

  it("names errors and cancelled containers apart", () => {
    expect(verifyAllAnnouncement({ verdicts: { inconclusive: 1 }, errors: 2, cancelled: 3 })).toBe(
      "Verify all cancelled: 1 verified: 1 inconclusive; 2 could not be verified; 3 not verified.",
    );
  });
});
