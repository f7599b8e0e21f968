import { describe, expect, it } from "vitest";
import { PolicyError, parsePolicy } from "./schema";

describe("parsePolicy", () => {
  it("reads a YAML policy and cleans the reasons", () => {
    const policy = parsePolicy(
      [
        "waived: count",
        "labels: false",
        "waivers:",
        "  - check: docker-socket-mount",
        '    reason: "Traefik routes by the engine\'s events\\n"',
        "    match: { name: traefik, image: 'traefik:*' }",
        "  - check: non-root-user",
        "    reason: <img src=x onerror=alert(1)>",
        "    match:",
        "      label: com.docker.compose.project=legacy",
      ].join("\n"),
    );
    expect(policy).toEqual({
      waived: "count",
      labels: false,
      labelsMayWaive: "non-critical",
      waivers: [
        {
          check: "docker-socket-mount",
          reason: "Traefik routes by the engine's events",
          match: { name: "traefik", image: "traefik:*" },
        },
        {
          check: "non-root-user",
          reason: "<img src=x onerror=alert(1)>",
          match: { label: "com.docker.compose.project=legacy" },
        },
      ],
    });
  });

  it("reads JSON, and fills in the defaults", () => {
    const defaults = { waived: "ignore", labels: true, labelsMayWaive: "non-critical", waivers: [] };
    expect(parsePolicy('{ "waivers": [] }')).toEqual(defaults);
    expect(parsePolicy("")).toEqual(defaults);
    expect(parsePolicy("labelsMayWaive: all\n")).toEqual({ ...defaults, labelsMayWaive: "all" });
  });

  it.each([
    [
      "an unknown check id",
      "waivers:\n  - { check: no-such-check, reason: r, match: { name: a } }",
      /^waivers\.0\.check: /,
    ],
    [
      "a blank reason",
      "waivers:\n  - { check: privileged, reason: ' \t', match: { name: a } }",
      /^waivers\.0\.reason: a waiver needs a reason$/,
    ],
    ["no reason", "waivers:\n  - { check: privileged, match: { name: a } }", /^waivers\.0\.reason: /],
    [
      "an empty match",
      "waivers:\n  - { check: privileged, reason: r, match: {} }",
      /^waivers\.0\.match: give at least one of name, image, label$/,
    ],
    ["a typo in a key", "waiver: []", /^\(file\): .*waiver/],
    ["an unknown scoring", "waived: sometimes", /^waived: /],
    ["an unknown label scope", "labelsMayWaive: critical", /^labelsMayWaive: /],
    ["a list at the top", "- a", /^\(file\): /],
    ["broken YAML", "waivers: [", /^not valid YAML or JSON: /],
    ["a duplicate key", "waived: count\nwaived: ignore", /^not valid YAML or JSON: /],
  ])("rejects %s", (_, text, message) => {
    expect(() => parsePolicy(text)).toThrow(PolicyError);
    expect(() => parsePolicy(text)).toThrow(message);
  });

  it("lists every problem, one per line", () => {
    try {
      parsePolicy("waived: x\nwaivers:\n  - { check: privileged, reason: '', match: { name: a } }");
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message.split("\n")).toHaveLength(2);
    }
  });

  it("refuses alias bombs", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from({ length: 12 }, (_, i) => {
        const prev = i === 0 ? "a" : `l${i - 1}`;
        return `l${i}: &l${i} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
      }),
    ].join("\n");
    expect(() => parsePolicy(bomb)).toThrow(PolicyError);
  });
});
