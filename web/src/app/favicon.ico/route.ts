/**
 * Browsers ask for /favicon.ico on their own (before, or instead of, reading the page's
 * `<link rel="icon">`): send them to the app's icon rather than a 404 in every console.
 * The location is relative: the request's own host may not be the one the browser used.
 */
export function GET(): Response {
  return new Response(null, { status: 308, headers: { Location: "/icon.svg" } });
}
