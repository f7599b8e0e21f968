"use client";

import { useEffect, useRef, useState } from "react";

export interface CopyButtonProps {
  /** Exactly what goes on the clipboard. */
  text: string;
  /** Accessible name, e.g. "Copy docker run command". */
  label: string;
  testId?: string;
}

type CopyState = "idle" | "copied" | "failed";

/**
 * Puts `text` on the clipboard. The Clipboard API needs a secure context (https, or loopback as roaudit
 * serves by default); elsewhere the old `execCommand("copy")` on a hidden textarea is tried.
 */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission, page not focused): try the fallback.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

export function CopyButton({ text, label, testId }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const onClick = async () => {
    const ok = await copyText(text);
    setState(ok ? "copied" : "failed");
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), 2000);
  };

  return (
    <span className="inline-flex items-center gap-1.5">
      <button
        type="button"
        onClick={onClick}
        aria-label={label}
        title={label}
        data-testid={testId}
        className="inline-flex items-center gap-1 rounded border border-slate-300 bg-white px-1.5 py-0.5 text-[11px] font-medium text-slate-700 shadow-xs hover:border-slate-400 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600"
      >
        <svg className="size-3" viewBox="0 0 16 16" fill="none" aria-hidden="true">
          <rect x="5.25" y="5.25" width="8.5" height="8.5" rx="1.5" stroke="currentColor" strokeWidth="1.5" />
          <path
            d="M10.75 5.25V3.5a1.25 1.25 0 0 0-1.25-1.25h-6A1.25 1.25 0 0 0 2.25 3.5v6c0 .69.56 1.25 1.25 1.25h1.75"
            stroke="currentColor"
            strokeWidth="1.5"
          />
        </svg>
        Copy
      </button>
      <span role="status" className="text-[11px] text-slate-500">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the text instead" : ""}
      </span>
    </span>
  );
}
