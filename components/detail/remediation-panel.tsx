"use client";

import { Spinner } from "../spinner";
import { CopyButton } from "./copy-button";
import { TrialRunner } from "./trial-runner";
import { useRemediation } from "./use-remediation";

export interface RemediationPanelProps {
  /** Full container id. */
  containerId: string;
}

/**
 * The hardened configuration from `GET /api/containers/{id}/remediation`, ready to paste. Read once (it is
 * worked out from the container's changes, not refreshed with the rest of the page); a failure is shown with a retry.
 */
export function RemediationPanel({ containerId }: RemediationPanelProps) {
  const { data, error, isLoading, isValidating, mutate } = useRemediation(containerId);

  if (isLoading) {
    return (
      <p
        data-testid="remediation"
        data-state="loading"
        className="flex items-center gap-2 text-sm text-slate-500"
      >
        <Spinner className="size-3.5" /> Working out the hardened configuration…
      </p>
    );
  }
  if (error || !data) {
    const unavailable = error?.status === 404 || error?.status === 405;
    return (
      <div
        data-testid="remediation"
        data-state="error"
        role="alert"
        className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
      >
        <p>
          <span className="font-semibold">
            {unavailable ? "No remediation from this server:" : "The remediation could not be generated:"}
          </span>{" "}
          {error?.message ?? "no answer"}
        </p>
        <p className="mt-1 text-xs">
          Each check below still lists its own fix.{" "}
          <button
            type="button"
            onClick={() => void mutate()}
            disabled={isValidating}
            className="font-medium text-sky-800 underline underline-offset-2 disabled:text-slate-400"
          >
            {isValidating ? "Retrying…" : "Try again"}
          </button>
        </p>
      </div>
    );
  }

  return (
    <div data-testid="remediation" data-state="ready" className="space-y-3">
      <Snippet
        title="docker run"
        text={data.dockerRun}
        testId="remediation-docker-run"
        copyLabel="Copy the docker run command"
      />
      <Snippet
        title="compose service"
        text={data.compose}
        testId="remediation-compose"
        copyLabel="Copy the compose snippet"
      />
      {data.writePaths.length > 0 && (
        <div>
          <h3 className="mb-1 text-xs font-semibold text-slate-700">Paths the app writes</h3>
          <table data-testid="remediation-write-paths" className="w-full text-left text-xs">
            <caption className="sr-only">
              Paths the app writes, and how its read-only configuration provides them
            </caption>
            <thead className="text-[11px] uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">
                  Path
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  As
                </th>
                <th scope="col" className="py-1 font-medium">
                  Evidence
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.writePaths.map((wp) => (
                <tr key={wp.path} data-testid="write-path" data-path={wp.path} className="align-top">
                  <th scope="row" className="py-1.5 pr-3 text-left font-mono font-normal break-all">
                    {wp.path}
                  </th>
                  <td className="py-1.5 pr-3">{wp.kind}</td>
                  <td className="py-1.5 font-mono text-[11px] break-all text-slate-600">
                    {wp.evidence.join(", ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <TrialRunner containerId={containerId} />
      {data.notes.length > 0 && (
        <ul data-testid="remediation-notes" className="list-disc space-y-0.5 pl-5 text-xs text-slate-600">
          {data.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Snippet({
  title,
  text,
  testId,
  copyLabel,
}: {
  title: string;
  text: string;
  testId: string;
  copyLabel: string;
}) {
  return (
    <div>
      <div className="mb-1 flex items-center justify-between gap-2">
        <h3 className="text-xs font-semibold text-slate-700">{title}</h3>
        <CopyButton text={text} label={copyLabel} testId={`${testId}-copy`} />
      </div>
      {/* Focusable and named, so a keyboard can scroll a long line into view (arrow keys). */}
      <section
        aria-label={`${title}: scrolls sideways`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard
        tabIndex={0}
        className="overflow-x-auto rounded-md bg-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
      >
        <pre
          data-testid={testId}
          className="w-max min-w-full p-3 font-mono text-[11px] leading-relaxed whitespace-pre text-slate-100"
        >
          {text}
        </pre>
      </section>
    </div>
  );
}
