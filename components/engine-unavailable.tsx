import type { ApiErrorBody } from "@/lib/api-types";
import { REFRESH_MS } from "./refresh";
import { Spinner } from "./spinner";

export interface EngineUnavailableProps {
  error: ApiErrorBody["error"] | null;
  /** Used when the answer carried no envelope. */
  fallbackMessage: string;
}

const RETRY_SECONDS = REFRESH_MS / 1000;

/** Shown instead of the table while `GET /api/containers` answers 503 `docker_unavailable`. */
export function EngineUnavailable({ error, fallbackMessage }: EngineUnavailableProps) {
  const engine = error?.engine;
  return (
    <section
      role="alert"
      data-testid="engine-unavailable"
      aria-labelledby="engine-unavailable-title"
      className="rounded-lg border border-red-200 border-l-4 border-l-red-600 bg-white p-5 shadow-sm"
    >
      <div className="flex items-start gap-3">
        <svg
          className="mt-0.5 size-5 shrink-0 text-red-600"
          viewBox="0 0 20 20"
          fill="currentColor"
          aria-hidden="true"
        >
          <path
            fillRule="evenodd"
            d="M8.485 2.495c.673-1.167 2.357-1.167 3.03 0l6.28 10.875c.673 1.167-.17 2.625-1.516 2.625H3.72c-1.347 0-2.189-1.458-1.515-2.625L8.485 2.495ZM10 6a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-1.5 0v-3.5A.75.75 0 0 1 10 6Zm0 9a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z"
            clipRule="evenodd"
          />
        </svg>
        <div className="min-w-0 flex-1 space-y-3">
          <h2 id="engine-unavailable-title" className="text-base font-semibold text-slate-900">
            Cannot reach the Docker engine
            {engine && (
              <>
                {" "}
                at{" "}
                <code className="break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-sm">
                  {engine.endpoint}
                </code>
              </>
            )}
          </h2>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
            {engine && (
              <>
                <dt className="font-medium text-slate-500">Error</dt>
                <dd>
                  <code
                    data-testid="engine-error-code"
                    className="rounded bg-red-50 px-1.5 py-0.5 font-mono font-semibold text-red-700"
                  >
                    {engine.error.code}
                  </code>
                </dd>
              </>
            )}
            <dt className="font-medium text-slate-500">Message</dt>
            <dd className="break-words font-mono text-slate-800" data-testid="engine-error-message">
              {engine?.error.message ?? error?.message ?? fallbackMessage}
            </dd>
            {engine?.error.hint && (
              <>
                <dt className="font-medium text-slate-500">Hint</dt>
                <dd className="break-words text-slate-800" data-testid="engine-error-hint">
                  {engine.error.hint}
                </dd>
              </>
            )}
          </dl>
          <p className="flex items-center gap-2 text-sm text-slate-500">
            <Spinner className="size-3.5" />
            Retrying every {RETRY_SECONDS} s…
          </p>
        </div>
      </div>
    </section>
  );
}
