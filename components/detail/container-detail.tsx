"use client";

import Link from "next/link";
import { useCallback } from "react";
import useSWR from "swr";
import type { ContainerResponse } from "@/lib/api-types";
import { useAnnounce } from "../announcer";
import { type ApiRequestError, containerKey, fetchContainer } from "../api-client";
import { GradeBadge, StatePill } from "../badges";
import { WaiverProblems } from "../fleet/check-details";
import { latestVerification } from "../fleet/fleet-model";
import { REFRESH_MS } from "../refresh";
import { Spinner } from "../spinner";
import { ProbeList } from "../verify/probe-list";
import { useVerify } from "../verify/use-verify";
import { verifyAnnouncement } from "../verify/verify-announcements";
import { VerifyCell } from "../verify/verify-cell";
import { CheckList, type PlanFixes } from "./check-list";
import { ConfigurationPanel } from "./configuration-panel";
import { MeasureVerdicts } from "./measure-verdicts";
import { RemediationPanel } from "./remediation-panel";
import { ScoreBreakdown } from "./score-breakdown";
import { useRemediation } from "./use-remediation";
import { VerifyHistory } from "./verify-history";

export interface ContainerDetailProps {
  /** The server's first answer (`GET /api/containers/{id}`'s body), re-read every `REFRESH_MS` from then on. */
  initial: ContainerResponse;
  /** Verdicts the server keeps per container. */
  historyLimit: number;
}

const SECTION_HEADING = "scroll-mt-4 text-base font-semibold text-slate-900";

/** The page's sections, for the jump links at its top. */
/** In page order. */
const JUMP_LINKS = [
  ["#live-check", "Live check"],
  ["#history", "History"],
  ["#checks", "Checks"],
  ["#remediation-heading", "Remediation"],
  ["#configuration", "Configuration"],
] as const;

/** One container's page: live check and history, every check, the remediation, and its configuration. */
export function ContainerDetail({ initial, historyLimit }: ContainerDetailProps) {
  const { data, error, isValidating, mutate } = useSWR<ContainerResponse, ApiRequestError>(
    containerKey(initial.id),
    fetchContainer,
    {
      fallbackData: initial,
      revalidateOnMount: false,
      refreshInterval: REFRESH_MS,
      onErrorRetry: (_error, _key, _config, revalidate, options) => {
        setTimeout(() => revalidate(options), REFRESH_MS);
      },
    },
  );
  const container = data ?? initial;
  const { states, verify } = useVerify();
  const verifyState = states[container.id];
  const announce = useAnnounce();
  const name = container.name;
  const onVerify = useCallback(
    async (id: string) => {
      const said = verifyAnnouncement(name, await verify(id));
      if (said !== null) announce(said);
      // The history and the checks a probe may have decided live on the server: read them again.
      await mutate();
    },
    [verify, mutate, name, announce],
  );
  const latest = latestVerification(
    container.verification,
    verifyState?.phase === "done" ? verifyState.verification : null,
  );
  const failing = container.checks.filter((c) => c.status === "fail").length;
  const remediation = useRemediation(container.id);
  const fixes: PlanFixes = remediation.data
    ? { state: "ready", fixes: remediation.data.checkFixes }
    : remediation.isLoading
      ? { state: "loading" }
      : { state: "error" };

  return (
    <article
      data-testid="container-detail"
      data-container-id={container.id}
      data-container-name={container.name}
      className="space-y-6"
    >
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link
          href="/"
          className="text-sky-700 underline decoration-sky-700/30 underline-offset-2 hover:decoration-sky-700"
        >
          ← All containers
        </Link>
      </nav>

      <header className="rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm">
        <div className="flex flex-wrap items-center gap-3">
          <GradeBadge grade={container.grade} score={container.score} />
          <h2
            data-testid="detail-name"
            className="min-w-0 text-xl font-semibold wrap-anywhere text-slate-900"
          >
            {container.name}
          </h2>
          <StatePill state={container.state} />
          <span className="text-sm text-slate-600">
            score{" "}
            <span data-testid="detail-score" className="font-semibold tabular-nums">
              {container.score}
            </span>
            /100 · {failing} failing {failing === 1 ? "check" : "checks"}
          </span>
          <span
            aria-hidden="true"
            className={`ml-auto text-sky-600 transition-opacity ${isValidating ? "opacity-100" : "opacity-0"}`}
          >
            <Spinner className="size-3.5" />
          </span>
        </div>
        <dl className="mt-2 grid gap-x-3 gap-y-0.5 text-xs sm:grid-cols-[5rem_1fr]">
          <dt className="text-slate-500">Image</dt>
          <dd data-testid="detail-image" className="font-mono break-all text-slate-800">
            {container.image}
          </dd>
          <dt className="text-slate-500">Container ID</dt>
          <dd data-testid="detail-id" className="font-mono break-all text-slate-800">
            {container.id}
          </dd>
        </dl>
        <div className="mt-3 space-y-2">
          <MeasureVerdicts container={container} />
          <ScoreBreakdown breakdown={container.breakdown} />
        </div>
      </header>

      <nav aria-label="On this page" data-testid="detail-jump-links" className="text-sm">
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          {JUMP_LINKS.map(([href, label]) => (
            <li key={href}>
              <a
                href={href}
                className="text-sky-700 underline decoration-sky-700/30 underline-offset-2 hover:decoration-sky-700"
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      {error && (
        <div
          role="alert"
          data-testid="detail-refresh-error"
          className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
        >
          <span className="font-semibold">
            {error.status === 404 ? "This container no longer exists." : "Could not refresh this container:"}
          </span>{" "}
          {error.status === 404 ? "Showing what was last read." : error.message} Retrying every{" "}
          {REFRESH_MS / 1000} s…
        </div>
      )}

      <section aria-labelledby="live-check" className="space-y-3">
        <h2 id="live-check" className={SECTION_HEADING}>
          Live check
        </h2>
        <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs">
          <VerifyCell container={container} state={verifyState} onVerify={(id) => void onVerify(id)} />
        </div>
        {latest && (
          <div className="space-y-1">
            <h3 className="text-xs font-semibold text-slate-700">Probes of the last Verify</h3>
            <ProbeList probes={latest.probes ?? []} />
          </div>
        )}
        <div id="history" className="scroll-mt-4">
          <VerifyHistory history={container.history} limit={historyLimit} />
        </div>
      </section>

      <section aria-labelledby="checks" className="space-y-3">
        <h2 id="checks" className={SECTION_HEADING}>
          Checks{" "}
          <span className="text-sm font-normal text-slate-500">
            — failures first; each with why it matters, the engine fields it read, and the fix
          </span>
        </h2>
        {container.waiverProblems.length > 0 && <WaiverProblems problems={container.waiverProblems} />}
        <CheckList checks={container.checks} fixes={fixes} />
      </section>

      <section aria-labelledby="remediation-heading" className="space-y-3">
        <h2 id="remediation-heading" className={SECTION_HEADING}>
          Remediation
        </h2>
        <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-xs">
          <RemediationPanel containerId={container.id} />
        </div>
      </section>

      <section aria-labelledby="configuration" className="space-y-3">
        <h2 id="configuration" className={SECTION_HEADING}>
          Configuration
        </h2>
        <ConfigurationPanel configuration={container.configuration} />
      </section>
    </article>
  );
}
