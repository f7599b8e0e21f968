const BAR = "block animate-pulse rounded bg-slate-200";

/** While the engine is read: the container page's outline. */
export function DetailSkeleton() {
  return (
    <div className="space-y-6" aria-busy="true">
      <span className="sr-only">Loading the container…</span>
      <span className={`${BAR} h-4 w-28`} />
      <div className="space-y-3 rounded-lg border border-slate-200 bg-white px-5 py-4">
        <span className={`${BAR} h-6 w-64`} />
        <span className={`${BAR} h-3 w-96`} />
      </div>
      {[0, 1, 2, 3].map((n) => (
        <div key={n} className="space-y-2 rounded-lg border border-slate-200 bg-white px-4 py-3">
          <span className={`${BAR} h-4 w-48`} />
          <span className={`${BAR} h-3 w-full`} />
        </div>
      ))}
    </div>
  );
}
