import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW, parseFleetView } from "./fleet-url";
import { reportHref, reportScope } from "./report-scope";

describe("reportHref", () => {
  it("passes the page's parameters, and the shape for findings", () => {
    expect(reportHref(DEFAULT_VIEW, "summary")).toBe("/api/report.csv");
    expect(reportHref(DEFAULT_VIEW, "findings")).toBe("/api/report.csv?shape=findings");
    const view = parseFleetView(new URLSearchParams("q=web&grade=F&sort=name&all=true"));
    expect(reportHref(view, "summary")).toBe("/api/report.csv?q=web&sort=name&all=true&grade=F");
    expect(reportHref(view, "findings")).toBe(
      "/api/report.csv?q=web&sort=name&all=true&grade=F&shape=findings",
    );
  });
});

describe("reportScope", () => {
  it("counts the containers and names the filters", () => {
    expect(reportScope(DEFAULT_VIEW, 9)).toBe("9 containers, no filter");
    expect(reportScope({ ...DEFAULT_VIEW, grades: ["F"] }, 8)).toBe("8 containers, filtered: grade F");
    expect(
      reportScope(
        {
          ...DEFAULT_VIEW,
          query: " web ",
          grades: ["D", "F"],
          failing: "non-root-user",
          includeStopped: true,
        },
        1,
      ),
    ).toBe(
      "1 container, filtered: “web”, grades D, F, failing Runs as a non-root user; stopped and created included",
    );
  });
});
