import { describe, expect, it } from "vitest";
import { openedForWriting, withOpenFiles, writableFilePath } from "./open-files";

describe("openedForWriting", () => {
  it("reads O_ACCMODE from fdinfo's octal flags", () => {
    // As read from nginx's master: its error log (O_WRONLY|O_APPEND|O_CREAT|O_CLOEXEC) and /dev/null (O_RDWR).
    expect(openedForWriting("pos:\t0\nflags:\t02102001\nmnt_id:\t1\n")).toBe(true);
    expect(openedForWriting("pos:\t0\nflags:\t0100002\n")).toBe(true);
    expect(openedForWriting("pos:\t0\nflags:\t0100000\n")).toBe(false);
    expect(openedForWriting("")).toBe(false);
  });
});

describe("writableFilePath", () => {
  it("keeps files, not sockets, pipes, deleted files or kernel filesystems", () => {
    expect(writableFilePath("/var/log/nginx/error.log")).toBe("/var/log/nginx/error.log");
    expect(writableFilePath("socket:[158332]")).toBeNull();
    expect(writableFilePath("pipe:[159801]")).toBeNull();
    expect(writableFilePath("/tmp/x (deleted)")).toBeNull();
    expect(writableFilePath("/dev/null")).toBeNull();
    expect(writableFilePath("/proc/1/status")).toBeNull();
  });
});

describe("withOpenFiles", () => {
  it("adds open files the change list does not name, sorted", () => {
    expect(
      withOpenFiles(
        [{ path: "/run/nginx.pid", kind: "added" }],
        [
          { path: "/var/log/nginx/error.log", kind: "opened" },
          { path: "/run/nginx.pid", kind: "opened" },
        ],
      ),
    ).toEqual([
      { path: "/run/nginx.pid", kind: "added" },
      { path: "/var/log/nginx/error.log", kind: "opened" },
    ]);
    expect(withOpenFiles(null, [])).toBeNull();
    expect(withOpenFiles(null, [{ path: "/a/b", kind: "opened" }])).toEqual([
      { path: "/a/b", kind: "opened" },
    ]);
  });
});
