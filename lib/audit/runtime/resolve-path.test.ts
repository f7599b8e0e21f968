import { describe, expect, it } from "vitest";
import { resolveInScope } from "./resolve-path";

/** A container filesystem's symlinks, by path. */
const links = (table: Record<string, string>) => (p: string) => table[p] ?? null;

describe("resolveInScope", () => {
  it.each([
    ["the usual /var/run -> /run", "/var/run/app", { "/var/run": "/run" }, "/run/app"],
    ["a relative link (../run)", "/var/run/app", { "/var/run": "../run" }, "/run/app"],
    ["a link to a link", "/a/x", { "/a": "/b", "/b": "c", "/c": "/d" }, "/d/x"],
    ["a link out of the root stays inside it", "/esc/x", { "/esc": "../../../../etc" }, "/etc/x"],
    [
      "an absolute link to the host's path is the container's",
      "/h",
      { "/h": "/var/lib/docker" },
      "/var/lib/docker",
    ],
    ["no link: cleaned only", "//srv//./cache/", {}, "/srv/cache"],
    ["the root", "/", {}, "/"],
    [
      "a link on the last component",
      "/etc/app.conf",
      { "/etc/app.conf": "/config/app.conf" },
      "/config/app.conf",
    ],
  ])("%s", (_name, path, table, want) => expect(resolveInScope(path, links(table))).toBe(want));

  it("a loop gives up (null), as the kernel's ELOOP", () => {
    expect(resolveInScope("/a/x", links({ "/a": "/b", "/b": "/a" }))).toBeNull();
  });
});
