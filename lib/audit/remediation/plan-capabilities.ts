/**
 * The capabilities of the plan: `--cap-drop ALL`, then `--cap-add` only for what the container has today
 * (`containerCapabilities`) and plausibly needs — those it added itself, those its known image uses,
 * `NET_BIND_SERVICE` when it exposes a port below 1024 as root, those a trial run proved (`proven`) — each with a check note, as is the list of
 * those dropped. `--privileged` is never kept: it can remount / read-write.
 */
import { containerCapabilities } from "../capabilities";
import type { KnownImage } from "../known-images";
import type { ContainerSnapshot } from "../types";
import type { AddCheck } from "./types";

/** capabilities(7) names without `CAP_`, sorted, to add after `--cap-drop ALL`. */
export function planCapabilities(
  snapshot: ContainerSnapshot,
  known: KnownImage | null,
  runsAsRoot: boolean,
  check: AddCheck,
  proven: readonly string[] = [],
): string[] {
  const run = snapshot.run;
  const caps = containerCapabilities(snapshot);
  const today = caps.effective;
  const lowPort = [...run.exposedPorts, ...run.portBindings.map((p) => p.containerPort)].some(
    (p) => Number.parseInt(p, 10) < 1024,
  );
  // Why each capability is kept; the first reason found is given.
  const reasons = new Map<string, string>();
  for (const c of proven) reasons.set(c, "a trial run failed without it");
  for (const c of caps.add) if (c !== "ALL" && !reasons.has(c)) reasons.set(c, "added with --cap-add today");
  for (const c of known?.capabilities ?? [])
    if (!reasons.has(c)) reasons.set(c, `${known?.id} is known to use it`);
  if (lowPort && runsAsRoot && !reasons.has("CAP_NET_BIND_SERVICE")) {
    reasons.set("CAP_NET_BIND_SERVICE", "it listens on a port below 1024 as root");
  }
  const keep = today.filter((c) => reasons.has(c));
  const dropped = today.filter((c) => !reasons.has(c));
  const bare = (c: string) => c.replace(/^CAP_/, "");
  const capAdd = keep.map(bare);
  if (dropped.length > 0) {
    check(
      "--cap-add",
      "cap_add",
      `it has ${dropped.map(bare).join(", ")} today, dropped here: add back only those the app fails without`,
    );
  }
  for (const why of new Set(keep.map((c) => reasons.get(c) ?? ""))) {
    const caps = keep.filter((c) => reasons.get(c) === why).map(bare);
    check(
      "--cap-add",
      "cap_add",
      `${caps.join(", ")} kept (${why}): drop ${caps.length > 1 ? "those" : "it"} if the app does without`,
    );
  }
  if (snapshot.privileged) {
    check(
      "--privileged",
      "privileged",
      "it runs --privileged today, which can remount / read-write: it is dropped; give it the devices and capabilities it needs instead",
    );
  }
  return capAdd;
}
