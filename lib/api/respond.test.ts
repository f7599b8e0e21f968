import { describe, expect, it } from "vitest";
import { emptyQuery, fleetQuery, parseQuery } from "./respond";

const at = (query: string) => `http://127.0.0.1:3000/api/containers${query}`;

describe("parseQuery", () => {
  it("reads known parameters", () => {
    expect(parseQuery(at("?all=true"), fleetQuery)).toEqual({ all: true });
    expect(parseQuery(at(""), emptyQuery)).toEqual({});
  });

  it.each(["?__proto__=1", "?__proto__[all]=true", "?constructor=1", "?prototype=1", "?toString=x", "?nope"])(
    "refuses the unknown parameter in %s, whatever its name",
    (query) => {
      expect(() => parseQuery(at(query), fleetQuery)).toThrow(
        expect.objectContaining({ code: "invalid_query" }),
      );
      expect(() => parseQuery(at(query), emptyQuery)).toThrow(
        expect.objectContaining({ code: "invalid_query" }),
      );
    },
  );

  it("refuses a repeated parameter", () => {
    expect(() => parseQuery(at("?all=true&all=false"), fleetQuery)).toThrow(/more than once/);
  });
});
