import { describe, expect, it } from "vitest";
import {
  DEFAULT_VIEW,
  type FleetViewState,
  hasFilters,
  MAX_QUERY_LENGTH,
  parseFleetView,
  toSearchParams,
} from "./fleet-url";

describe("parseFleetView", () => {
  it("is the default view for an empty address", () => {
    expect(parseFleetView(new URLSearchParams())).toEqual(DEFAULT_VIEW);
    expect(parseFleetView({})).toEqual(DEFAULT_VIEW);
  });

  it("reads every parameter", () => {
    expect(
      parseFleetView(
        new URLSearchParams(
          "q=web&sort=name&dir=desc&all=true&grade=f,D&failing=non-root-user&group=compose",
        ),
      ),
    ).toEqual({
      query: "web",
      sort: { key: "name", direction: "descending" },
      includeStopped: true,
      grades: ["D", "F"],
      failing: "non-root-user",
      grouping: "compose",
    });
  });

  it("takes Next.js searchParams, with repeated keys", () => {
    expect(parseFleetView({ grade: ["A", "B,Z"], q: ["first", "second"], all: "true" })).toMatchObject({
      grades: ["A", "B"],
      query: "first",
      includeStopped: true,
    });
  });

  it("ignores unknown and malformed values", () => {
    expect(
      parseFleetView(
        new URLSearchParams(
          "sort=evil&dir=sideways&all=yes&grade=E,<script>,,&failing=__proto__&group=image&extra=1",
        ),
      ),
    ).toEqual(DEFAULT_VIEW);
    expect(parseFleetView(new URLSearchParams("failing=toString")).failing).toBeNull();
  });

  it(`keeps at most ${MAX_QUERY_LENGTH} characters of the text filter`, () => {
    expect(parseFleetView({ q: "x".repeat(5000) }).query).toHaveLength(MAX_QUERY_LENGTH);
  });

  it("sorts by name ascending unless told otherwise", () => {
    expect(parseFleetView({ sort: "name" }).sort).toEqual({ key: "name", direction: "ascending" });
  });
});

describe("toSearchParams", () => {
  it("leaves out the defaults", () => {
    expect(toSearchParams(DEFAULT_VIEW).toString()).toBe("");
  });

  it("round-trips through parseFleetView", () => {
    const views: FleetViewState[] = [
      {
        ...DEFAULT_VIEW,
        query: "a&b=c #d",
        grades: ["C", "F"],
        failing: "cap-drop-all",
        grouping: "compose",
      },
      { ...DEFAULT_VIEW, sort: { key: "score", direction: "descending" }, includeStopped: true },
      { ...DEFAULT_VIEW, sort: { key: "name", direction: "ascending" } },
    ];
    for (const view of views) expect(parseFleetView(toSearchParams(view))).toEqual(view);
  });

  it("writes a short, stable address", () => {
    expect(
      toSearchParams({
        ...DEFAULT_VIEW,
        grades: ["D", "F"],
        failing: "non-root-user",
        includeStopped: true,
      }).toString(),
    ).toBe("all=true&grade=D%2CF&failing=non-root-user");
  });
});

describe("hasFilters", () => {
  it("is true with a grade or check filter only", () => {
    expect(hasFilters(DEFAULT_VIEW)).toBe(false);
    expect(hasFilters({ ...DEFAULT_VIEW, query: "x" })).toBe(false);
    expect(hasFilters({ ...DEFAULT_VIEW, grades: ["A"] })).toBe(true);
    expect(hasFilters({ ...DEFAULT_VIEW, failing: "privileged" })).toBe(true);
  });
});
