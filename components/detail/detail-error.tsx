import Link from "next/link";
import type { ReactNode } from "react";
import type { ApiErrorBody } from "@/lib/api-types";
import { EngineUnavailable } from "../engine-unavailable";
import { AutoRefresh } from "./auto-refresh";

export interface DetailErrorProps {
  /** The reference from the address bar, as typed: hostile text, shown through React escaping only. */
  reference: ReactNode;
  error: ApiErrorBody["error"];
}

const TITLES: Partial<Record<ApiErrorBody["error"]["code"], string>> = {
  invalid_id: "That is not a container reference",
  not_found: "No such container",
  ambiguous_id: "More than one container matches",
  engine_error: "The Docker engine's answer was not understood",
  container_unanswered: "The engine does not answer about this container",
};

const HINTS: Partial<Record<ApiErrorBody["error"]["code"], string>> = {
  invalid_id:
    "A container is named by its full id, a unique id prefix or its name: letters, digits, and _ . - after the first character, at most 128.",
  not_found:
    "It may have been removed, or it is on another Docker host. Every container this host runs is listed on the page All containers.",
  ambiguous_id: "Give more characters of the id, or use the container's name.",
  container_unanswered:
    "The engine answers for the other containers: this one may be paused or wedged in the freezer. The fleet table shows its last audit marked stale, or the row as unreadable.",
};

/** The page for a reference that names no single container, or when the engine cannot be asked. */
export function DetailError({ reference, error }: DetailErrorProps) {
  return (
    <div data-testid="detail-error" data-code={error.code} className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link
          href="/"
          className="text-sky-700 underline decoration-sky-700/30 underline-offset-2 hover:decoration-sky-700"
        >
          ← All containers
        </Link>
      </nav>
      {error.code === "docker_unavailable" ? (
        <>
          <EngineUnavailable error={error} fallbackMessage={error.message} />
          <AutoRefresh />
        </>
      ) : (
        <section
          role="alert"
          aria-labelledby="detail-error-title"
          className="rounded-lg border border-amber-200 border-l-4 border-l-amber-500 bg-white p-5 shadow-sm"
        >
          <h2 id="detail-error-title" className="text-base font-semibold text-slate-900">
            {TITLES[error.code] ?? "The container could not be shown"}
          </h2>
          <p className="mt-2 text-sm text-slate-700">
            You asked for{" "}
            <code
              data-testid="detail-error-reference"
              className="rounded bg-slate-100 px-1 font-mono break-all"
            >
              {reference}
            </code>
            .
          </p>
          <p data-testid="detail-error-message" className="mt-1 text-sm text-slate-700">
            {error.message}
          </p>
          {HINTS[error.code] && <p className="mt-1 text-sm text-slate-500">{HINTS[error.code]}</p>}
          {error.code === "container_unanswered" && <AutoRefresh />}
        </section>
      )}
    </div>
  );
}
