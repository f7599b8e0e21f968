import { describe, expect, it } from "vitest";
import {
  COMPOSE_PROJECT_LABEL,
  COMPOSE_SERVICE_LABEL,
  composeRefOf,
  MAX_COMPOSE_NAME_LENGTH,
} from "./compose";
import { fixtureSnapshot } from "./fixtures/load";

describe("composeRefOf", () => {
  it("reads the captured Compose labels", () => {
    expect(composeRefOf(fixtureSnapshot("waivers-compose").labels)).toEqual({
      project: "shop",
      service: "web",
    });
  });

  it("is null without a project, and a blank service is null", () => {
    expect(composeRefOf({})).toBeNull();
    expect(composeRefOf({ [COMPOSE_PROJECT_LABEL]: " \t", [COMPOSE_SERVICE_LABEL]: "web" })).toBeNull();
    expect(composeRefOf({ [COMPOSE_PROJECT_LABEL]: "shop" })).toEqual({ project: "shop", service: null });
  });

  it("cleans hostile names: bidi overrides, newlines, ANSI escapes", () => {
    expect(
      composeRefOf({
        [COMPOSE_PROJECT_LABEL]: "\u202eshop\u202c\n\n-- admin",
        [COMPOSE_SERVICE_LABEL]: "\u001b[31mweb\u001b[0m\r\n",
      }),
    ).toEqual({ project: "shop -- admin", service: "web" });
    expect(
      composeRefOf({ [COMPOSE_PROJECT_LABEL]: "\u2066\u0007\n", [COMPOSE_SERVICE_LABEL]: "web" }),
    ).toBeNull();
    expect(composeRefOf({ [COMPOSE_PROJECT_LABEL]: "p", [COMPOSE_SERVICE_LABEL]: "\u200f" })).toEqual({
      project: "p",
      service: null,
    });
  });

  it(`caps names at ${MAX_COMPOSE_NAME_LENGTH} characters`, () => {
    const ref = composeRefOf({
      [COMPOSE_PROJECT_LABEL]: "p".repeat(5000),
      [COMPOSE_SERVICE_LABEL]: "s".repeat(101),
    });
    expect([...(ref?.project ?? "")]).toHaveLength(MAX_COMPOSE_NAME_LENGTH);
    expect(ref?.project.endsWith("p…")).toBe(true);
    expect(ref?.service).toBe(`${"s".repeat(MAX_COMPOSE_NAME_LENGTH - 1)}…`);
  });
});
