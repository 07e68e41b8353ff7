/**
 * What a page of the app shows while it loads on the server (its data, its code): the header
 * and the footer stay, and the space the page will fill says it is coming, for screen readers
 * too. Used by the `loading.tsx` of routes that never answer 404 themselves: a loading
 * boundary streams the page, so a `notFound()` below one would answer 200.
 */
export function PageLoading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse" data-testid="page-loading">
      <span className="sr-only">Loading…</span>
      <div className="h-7 w-48 rounded bg-border/60" />
      <div className="mt-3 h-4 w-80 max-w-full rounded bg-border/40" />
      <div className="mt-8 space-y-3">
        {[0, 1, 2].map((row) => (
          <div key={row} className="h-16 rounded-lg border border-border bg-border/20" />
        ))}
      </div>
    </div>
  );
}
