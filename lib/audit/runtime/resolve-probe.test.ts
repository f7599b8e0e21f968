import { describe, expect, it } from "vitest";
import { readResolved, resolveCommand } from "./resolve-probe";

describe("resolveCommand", () => {
  it("passes destinations as arguments, never in the script", () => {
    const cmd = resolveCommand(["/var/run/app", "/etc/app.conf"], 5);
    expect(cmd[0]).toBe("/bin/sh");
    expect(cmd.slice(-2)).toEqual(["/var/run/app", "/etc/app.conf"]);
    expect(cmd.join(" ").match(/\/var\/run\/app/g)).toHaveLength(1);
  });

  it("refuses a path that is not absolute or holds a newline", () => {
    expect(() => resolveCommand(["relative"], 5)).toThrow();
    expect(() => resolveCommand(["/a\n/b"], 5)).toThrow();
  });
});

describe("readResolved", () => {
  const exited = (stdout: string, exitCode = 0) => ({
    kind: "exited" as const,
    exitCode,
    stdout,
    stderr: "",
  });

  it("maps each destination to its physical path, by index", () => {
    const r = readResolved(
      exited("roaudit-result 1 /run/app\nroaudit-result 2 unresolved\nroaudit-result 3 /etc/app.conf\n"),
      ["/var/run/app", "/locked/x", "/etc/app.conf"],
    );
    expect([...r]).toEqual([
      ["/var/run/app", "/run/app"],
      ["/etc/app.conf", "/etc/app.conf"],
    ]);
  });

  it("nothing from a run that failed, or from lines it does not know", () => {
    expect(readResolved(exited("roaudit-result 1 /run/app", 1), ["/var/run/app"]).size).toBe(0);
    expect(readResolved({ kind: "timeout", afterMs: 500, stdout: "", stderr: "" }, ["/x"]).size).toBe(0);
    expect(readResolved(exited("roaudit-result 9 /a\nnoise /b"), ["/x"]).size).toBe(0);
  });
});
