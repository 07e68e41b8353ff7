/** Where to send a user after sign-in, and how to carry that through /login?next=. */

export const HOME_PATH = "/workflows";

/** Routes reachable without a session. */
const PUBLIC_PREFIXES = ["/login", "/signup", "/auth/", "/api/"] as const;

/**
 * A same-origin path to go to after sign-in, or `fallback`.
 *
 * Only a plain absolute path is accepted ("/runs?x=1#y"). Refused: absolute URLs
 * ("https://evil.com"), protocol-relative ones ("//evil.com", "/\\evil.com"),
 * other schemes ("javascript:"), control characters, and anything that a URL
 * parser would resolve to another origin.
 */
export function safeNextPath(next: string | null | undefined, fallback: string = HOME_PATH): string {
  if (typeof next !== "string" || next.length === 0 || next.length > 2048) return fallback;
  if (!next.startsWith("/")) return fallback;
  // Browsers treat "\" like "/" and strip tabs/newlines: "/\evil.com", "/\t/evil.com".
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  if (next.startsWith("//")) return fallback;
  const base = "http://orrery.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Never bounce back into the auth pages themselves.
  if (isAuthPage(url.pathname)) return fallback;
  return path;
}

export function isAuthPage(pathname: string): boolean {
  return pathname === "/login" || pathname === "/signup";
}

/** Whether a path is served to signed-out users (the proxy lets it through). */
export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PREFIXES.some((prefix) =>
    prefix.endsWith("/") ? pathname.startsWith(prefix) : pathname === prefix || pathname.startsWith(`${prefix}/`),
  );
}

/** "/login?next=<path>" for a signed-out visit to `path` (no `next` for the home page). */
export function loginPathFor(pathname: string, search = ""): string {
  const target = `${pathname}${search}`;
  if (pathname === "/" || safeNextPath(target, "") === "") return "/login";
  return `/login?next=${encodeURIComponent(target)}`;
}
