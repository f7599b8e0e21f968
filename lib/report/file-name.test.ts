import { describe, expect, it } from "vitest";
import { fileNamePart, filterWords, reportFileName } from "./file-name";
import { DEFAULT_VIEW } from "./fleet-view";

describe("fileNamePart", () => {
  it("keeps letters, digits, dot, underscore and dash; anything else becomes one dash", () => {
    expect(fileNamePart("build-01.example.org")).toBe("build-01.example.org");
    expect(fileNamePart('a"b\r\nc;d/e\\f')).toBe("a-b-c-d-e-f");
    expect(fileNamePart("../../etc")).toBe("etc");
    expect(fileNamePart("Zürich")).toBe("Zurich");
    expect(fileNamePart("東京")).toBe("");
  });
});

describe("filterWords", () => {
  it("names each filter, in address order; none for the default view", () => {
    expect(filterWords(DEFAULT_VIEW)).toEqual([]);
    expect(
      filterWords({ query: " web app ", grades: ["D", "F"], failing: "non-root-user", includeStopped: true }),
    ).toEqual(["q-web-app", "grade-D-F", "failing-non-root-user", "all"]);
  });
});

describe("reportFileName", () => {
  const generatedAt = "2026-12-02T23:59:59.000Z";
  it("is roaudit-<host>-<UTC date>-<filter words>.csv, findings marked", () => {
    expect(reportFileName({ host: "build-01", generatedAt, view: DEFAULT_VIEW, shape: "summary" })).toBe(
      "roaudit-build-01-2026-12-02.csv",
    );
    expect(
      reportFileName({
        host: "build-01",
        generatedAt,
        view: { ...DEFAULT_VIEW, grades: ["F"] },
        shape: "findings",
      }),
    ).toBe("roaudit-build-01-2026-12-02-grade-F-findings.csv");
  });

  it("never lets a hostile host or query into the header", () => {
    const name = reportFileName({
      host: 'evil"; filename="x.exe',
      generatedAt,
      view: { ...DEFAULT_VIEW, query: '"\r\nSet-Cookie: a=b' },
      shape: "summary",
    });
    expect(name).toMatch(/^[A-Za-z0-9._-]+\.csv$/);
    expect(reportFileName({ host: "///", generatedAt, view: DEFAULT_VIEW, shape: "summary" })).toBe(
      "roaudit-engine-2026-12-02.csv",
    );
  });
});
