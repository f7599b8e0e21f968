import { describe, expect, it } from "vitest";
import { EventStreamSlots, streamSessionAlive } from "./event-streams";
import { issueSession, SESSION_TTL_MS, SessionRevocations } from "./session";

describe("EventStreamSlots", () => {
  it("caps streams per client and in all, and gives a slot back once per release", () => {
    const slots = new EventStreamSlots(3, 2);
    const a1 = slots.take("a");
    const a2 = slots.take("a");
    expect(a1 && a2).toBeTruthy();
    expect(slots.take("a")).toBeNull();
    const b1 = slots.take("b");
    expect(b1).toBeTruthy();
    expect(slots.take("c")).toBeNull();
    a1?.();
    a1?.();
    expect(slots.size).toBe(2);
    expect(slots.take("c")).toBeTruthy();
    expect(slots.take("c")).toBeNull();
  });
});

describe("streamSessionAlive", () => {
  it("ends a stream whose session was signed out or has expired; a bearer stream stays", () => {
    const revoked = new SessionRevocations();
    const cookie = issueSession("token-of-this-test", 1_000_000);
    expect(streamSessionAlive(cookie, 1_000_500, revoked)).toBe(true);
    expect(streamSessionAlive(cookie, 1_000_000 + SESSION_TTL_MS + 1, revoked)).toBe(false);
    revoked.revoke(cookie, 1_000_600);
    expect(streamSessionAlive(cookie, 1_000_700, revoked)).toBe(false);
    expect(streamSessionAlive(null, 1_000_700, revoked)).toBe(true);
  });
});
