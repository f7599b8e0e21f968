/**
 * The plan as a `docker run` command line: `# check: …` comment lines first (a comment cannot follow a
 * line continuation), then `docker run -d \` with one flag per line. Every value is shell-quoted.
 */
import type { PortBinding } from "../types";
import { tmpfsMountFields } from "./plan-mounts";
import { commentSafe, shellQuote } from "./shell";
import type { PlannedMount, RemediationPlan } from "./types";

/** One CSV field of a `--mount` value (the docker CLI reads it with a CSV reader). */
function csvField(field: string): string {
  return /[",\n\r]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** `-v source:target[:ro]`, or `--mount …` when a path holds a `:` that `-v` would split on. */
function mountArgs(m: PlannedMount): string[] {
  if (!m.source.includes(":") && !m.target.includes(":")) {
    return ["-v", `${m.source}:${m.target}${m.readOnly ? ":ro" : ""}`];
  }
  const fields = [`type=${m.type}`, `source=${m.source}`, `target=${m.target}`];
  if (m.readOnly) fields.push("readonly");
  return ["--mount", fields.map(csvField).join(",")];
}

/**
 * `--tmpfs path:options`, or `--mount type=tmpfs,…` for a path with `:`; the latter carries size and read-only
 * only (the engine adds noexec,nosuid,nodev itself; see {@link tmpfsMountFields}).
 */
function tmpfsArgs(path: string, options: string): string[] {
  if (!path.includes(":")) return ["--tmpfs", `${path}:${options}`];
  const { size, readOnly } = tmpfsMountFields(options);
  const fields = ["type=tmpfs", `destination=${path}`];
  if (size !== null) fields.push(`tmpfs-size=${size}`);
  if (readOnly) fields.push("readonly");
  return ["--mount", fields.map(csvField).join(",")];
}

/** `-p` value: `[ip:][hostPort:]port[/udp]`, IPv6 addresses in brackets. */
export function portArg(p: PortBinding): string {
  const port = p.containerPort.endsWith("/tcp") ? p.containerPort.slice(0, -4) : p.containerPort;
  const ip = p.hostIp.includes(":") ? `[${p.hostIp}]` : p.hostIp;
  if (ip !== "") return `${ip}:${p.hostPort}:${port}`;
  return p.hostPort !== "" ? `${p.hostPort}:${port}` : port;
}

/** The flags of the plan, each as the words of one line. */
export function dockerRunLines(plan: RemediationPlan): string[][] {
  const lines: string[][] = [["--name", plan.name], ["--read-only"]];
  for (const t of plan.tmpfs) lines.push(tmpfsArgs(t.path, t.options));
  for (const m of plan.mounts) lines.push(mountArgs(m));
  for (const d of plan.devices) lines.push(["--device", d]);
  for (const r of plan.deviceCgroupRules) lines.push(["--device-cgroup-rule", r]);
  if (plan.user !== null) lines.push(["--user", plan.user]);
  lines.push(["--cap-drop", "ALL"]);
  for (const c of plan.capAdd) lines.push(["--cap-add", c]);
  for (const o of plan.securityOpt) lines.push(["--security-opt", o]);
  lines.push(["--memory", plan.memory]);
  if (plan.memorySwap !== null) lines.push(["--memory-swap", plan.memorySwap]);
  lines.push(["--pids-limit", String(plan.pidsLimit)]);
  if (plan.envFile !== null) lines.push(["--env-file", plan.envFile]);
  if (plan.network !== null) lines.push(["--network", plan.network]);
  for (const p of plan.ports) lines.push(["-p", portArg(p)]);
  if (plan.restart !== null) lines.push(["--restart", plan.restart]);
  if (plan.hostname !== null) lines.push(["--hostname", plan.hostname]);
  if (plan.init) lines.push(["--init"]);
  if (plan.namespaces.pid !== null) lines.push(["--pid", plan.namespaces.pid]);
  if (plan.namespaces.ipc !== null) lines.push(["--ipc", plan.namespaces.ipc]);
  if (plan.namespaces.uts !== null) lines.push(["--uts", plan.namespaces.uts]);
  if (plan.workingDir !== null) lines.push(["--workdir", plan.workingDir]);
  if (plan.entrypoint !== null) lines.push(["--entrypoint", plan.entrypoint[0] ?? ""]);
  lines.push([plan.image]);
  const args = [...(plan.entrypoint?.slice(1) ?? []), ...(plan.command ?? [])];
  if (args.length > 0) lines.push(args);
  return lines;
}

/** The whole `docker run` text: check comments, then the command, lines joined by ` \`. */
export function renderDockerRun(plan: RemediationPlan): string {
  const comments = plan.checks.map((c) => `# check: ${c.flag}: ${commentSafe(c.text)}`);
  const lines = dockerRunLines(plan).map((words) => `  ${words.map(shellQuote).join(" ")}`);
  return [...comments, "docker run -d \\", lines.join(" \\\n")].join("\n");
}
