import { createServerClient } from "@supabase/ssr";
import { NextResponse, type NextRequest } from "next/server";

import { env } from "@/env";
import { isAuthPage, isPublicPath, loginPathFor, safeNextPath } from "@/lib/redirect";

import { cookieOptions } from "./config";

/**
 * Refreshes the session cookie on every request and keeps signed-out users on
 * the public routes. Runs in src/proxy.ts (Next 16's middleware).
 */
export async function updateSession(request: NextRequest) {
  let response = NextResponse.next({ request });
  const { supabaseUrl, supabaseAnonKey } = env();

  const supabase = createServerClient(supabaseUrl, supabaseAnonKey, {
    cookieOptions,
    cookies: {
      getAll() {
        return request.cookies.getAll();
      },
      setAll(cookiesToSet, headers) {
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options);
        for (const [key, value] of Object.entries(headers)) response.headers.set(key, value);
      },
    },
  });

  // Do not put anything between createServerClient and getClaims: getClaims
  // verifies the token (refreshing it if needed) and writes the cookies back.
  const { data } = await supabase.auth.getClaims();
  const signedIn = Boolean(data?.claims);

  const { pathname, search } = request.nextUrl;
  if (!signedIn && !isPublicPath(pathname)) {
    return redirectKeepingCookies(request, response, loginPathFor(pathname, search));
  }
  if (signedIn && isAuthPage(pathname)) {
    return redirectKeepingCookies(request, response, safeNextPath(request.nextUrl.searchParams.get("next")));
  }
  return response;
}

/** A redirect that still carries the refreshed session cookies. */
function redirectKeepingCookies(request: NextRequest, from: NextResponse, to: string) {
  const redirect = NextResponse.redirect(new URL(to, request.url));
  for (const cookie of from.cookies.getAll()) redirect.cookies.set(cookie);
  redirect.headers.set("cache-control", "private, no-store");
  return redirect;
}
