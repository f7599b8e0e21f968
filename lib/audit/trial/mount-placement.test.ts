import { describe, expect, it } from "vitest";
import { misplacedMount, mountPoints } from "./mount-placement";

const line = (point: string) => `36 35 0:40 / ${point} rw,nosuid - tmpfs tmpfs rw`;

describe("mountPoints", () => {
  it("reads field 5 and decodes octal escapes", () => {
    expect([...mountPoints(`${line("/")}\n${line("/my\\040dir")}\n\ngarbage`)]).toEqual(["/", "/my dir"]);
  });
});

describe("misplacedMount", () => {
  it.each([
    [["/app/conf"], [line("/"), line("/app/conf")], null],
    [["/app/conf"], [line("/"), line("/etc")], /\/app\/conf is not mounted at its declared place/],
    [["/etc"], [line("/"), line("/etc")], /\/etc covers a system folder/],
    [["/tmp", "/run/app"], [line("/"), line("/tmp")], /\/run\/app is not mounted/],
    [[], [line("/")], null],
  ])("%j in %j → %s", (declared, lines, expected) => {
    const why = misplacedMount(declared, lines.join("\n"));
    if (expected === null) expect(why).toBeNull();
    else expect(why).toMatch(expected);
  });
});
