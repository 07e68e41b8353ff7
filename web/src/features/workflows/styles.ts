/** A text input, as the auth form draws it. */
export const inputClass =
  "block h-9 w-full rounded-md border border-border bg-background px-3 text-sm shadow-xs outline-none transition placeholder:text-muted focus:border-accent focus:ring-2 focus:ring-accent/25";
