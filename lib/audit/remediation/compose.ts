/**
 * The plan as a compose file holding one service (and the volumes and networks it names), written with the
 * `yaml` package so that no value can break the document. Every `$` is doubled, since compose would otherwise
 * read it as variable interpolation. `# check: …` notes become comments before the key they concern.
 */
import { Document, isMap, isScalar, isSeq, type Pair } from "yaml";
import { portArg } from "./docker-run";
import { tmpfsMountFields } from "./plan-mounts";
import { commentSafe } from "./shell";
import type { RemediationPlan } from "./types";

/** Compose interpolates `$VAR` and `${VAR}` in every string; `$$` is a literal `$`. */
export function noInterpolation<T>(value: T): T {
  if (typeof value === "string") return value.replaceAll("$", "$$$$") as T;
  if (Array.isArray(value)) return value.map(noInterpolation) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [noInterpolation(k), noInterpolation(v)]),
    ) as T;
  }
  return value;
}

/** The compose object of the plan (before `$` escaping). */
export function composeObject(plan: RemediationPlan): Record<string, unknown> {
  const service: Record<string, unknown> = { image: plan.image };
  if (plan.entrypoint !== null) service.entrypoint = plan.entrypoint;
  if (plan.command !== null) service.command = plan.command;
  if (plan.workingDir !== null) service.working_dir = plan.workingDir;
  service.read_only = true;
  const shortTmpfs = plan.tmpfs.filter((t) => !t.path.includes(":"));
  if (shortTmpfs.length > 0) service.tmpfs = shortTmpfs.map((t) => `${t.path}:${t.options}`);
  const volumes: Record<string, unknown>[] = plan.tmpfs
    .filter((t) => t.path.includes(":"))
    .map((t) => {
      // Size and read-only only, as with `--mount`: see tmpfsMountFields.
      const { size, readOnly } = tmpfsMountFields(t.options);
      return {
        type: "tmpfs",
        target: t.path,
        ...(readOnly ? { read_only: true } : {}),
        ...(size !== null ? { tmpfs: { size } } : {}),
      };
    });
  for (const m of plan.mounts) {
    volumes.push({
      type: m.type,
      source: m.source,
      target: m.target,
      ...(m.readOnly ? { read_only: true } : {}),
    });
  }
  if (volumes.length > 0) service.volumes = volumes;
  if (plan.user !== null) service.user = plan.user;
  service.cap_drop = ["ALL"];
  if (plan.devices.length > 0) service.devices = plan.devices;
  if (plan.deviceCgroupRules.length > 0) service.device_cgroup_rules = plan.deviceCgroupRules;
  if (plan.capAdd.length > 0) service.cap_add = plan.capAdd;
  service.security_opt = plan.securityOpt;
  service.mem_limit = plan.memory;
  if (plan.memorySwap !== null) service.memswap_limit = plan.memorySwap;
  service.pids_limit = plan.pidsLimit;
  if (plan.envFile !== null) service.env_file = [plan.envFile];
  const networks: Record<string, unknown> = {};
  if (plan.network !== null) {
    const builtIn =
      plan.network === "none" ||
      plan.network === "host" ||
      plan.network === "bridge" ||
      plan.network.startsWith("container:");
    if (builtIn) service.network_mode = plan.network;
    else {
      service.networks = [plan.network, ...plan.extraNetworks];
      for (const n of [plan.network, ...plan.extraNetworks]) networks[n] = { external: true };
    }
  }
  // Short syntax (`"127.0.0.1:8080:80"`, `"[::1]:5353:53/udp"`), the only one every compose accepts with a
  // host IP: docker-compose 1.x rejects the long syntax's `host_ip`.
  if (plan.ports.length > 0) service.ports = plan.ports.map(portArg);
  if (plan.restart !== null) service.restart = plan.restart;
  if (plan.hostname !== null) service.hostname = plan.hostname;
  if (plan.init) service.init = true;
  if (plan.namespaces.pid !== null) service.pid = plan.namespaces.pid;
  if (plan.namespaces.ipc !== null) service.ipc = plan.namespaces.ipc;
  if (plan.namespaces.uts !== null) service.uts = plan.namespaces.uts;

  const doc: Record<string, unknown> = { services: { [plan.name]: service } };
  const named = plan.mounts.filter((m) => m.type === "volume");
  if (named.length > 0) {
    doc.volumes = Object.fromEntries(
      named.map((m) => [m.source, m.existing ? { external: true } : { name: m.source }]),
    );
  }
  if (Object.keys(networks).length > 0) doc.networks = networks;
  return doc;
}

/** The compose text, with each check note as a comment before its key (or before `read_only`). */
export function renderCompose(plan: RemediationPlan): string {
  const doc = new Document(noInterpolation(composeObject(plan)));
  const services = doc.get("services", true);
  const service = isMap(services) ? services.get(noInterpolation(plan.name), true) : null;
  if (isMap(service)) {
    // `1000:1000` is a base-60 number to YAML 1.1 readers: the user is always quoted.
    const user = service.get("user", true);
    if (isScalar(user)) user.type = "QUOTE_DOUBLE";
    // Ports too (`8080:80` is also base 60 to YAML 1.1, which docker-compose 1.x reads).
    const ports = service.get("ports", true);
    if (isSeq(ports)) for (const p of ports.items) if (isScalar(p)) p.type = "QUOTE_DOUBLE";
    const pairs = service.items as Pair[];
    const keyOf = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : "");
    for (const c of plan.checks) {
      const pair = pairs.find((p) => keyOf(p) === c.key) ?? pairs.find((p) => keyOf(p) === "read_only");
      if (!pair || !isScalar(pair.key)) continue;
      const line = ` check: ${c.key}: ${commentSafe(c.text)}`;
      pair.key.commentBefore = pair.key.commentBefore ? `${pair.key.commentBefore}\n${line}` : line;
    }
  }
  return doc.toString({ lineWidth: 0 });
}
