import { describe, expect, it } from "vitest";
import { parseFleetView } from "@/lib/report/fleet-view";
import { ApiError } from "./errors";
import { reportQuery, toReportRequest } from "./report-query";
import { parseQuery } from "./respond";

const parse = (query: string) => toReportRequest(parseQuery(`http://x/api/report.csv${query}`, reportQuery));

describe("reportQuery", () => {
  it("gives every page parameter the page's meaning", () => {
    for (const query of [
      "",
      "?grade=d,F&sort=name",
      "?q=web&failing=non-root-user&dir=desc&all=true",
      "?group=compose",
    ]) {
      expect(parse(query).view, query).toEqual(parseFleetView(new URLSearchParams(query)));
    }
  });

  it("reads the shape, summary by default", () => {
    expect(parse("").shape).toBe("summary");
    expect(parse("?shape=findings").shape).toBe("findings");
  });

  it.each([
    ["?grade=E", /grade.*comma-separated list of grades/],
    ["?failing=nope", /failing.*check id/],
    ["?sort=size", /sort.*name or score/],
    ["?dir=up", /dir.*asc or desc/],
    ["?all=yes", /all.*true or false/],
    ["?shape=xlsx", /shape.*summary or findings/],
    [`?q=${"x".repeat(201)}`, /q.*at most 200/],
    ["?format=xlsx", /Unknown query parameter: format/],
    ["?grade=A&grade=B", /more than once/],
  ])("%s is a 400 invalid_query saying what is wrong", (query, message) => {
    let error: unknown;
    try {
      parse(query);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("invalid_query");
    expect((error as ApiError).message).toMatch(message);
  });
});
