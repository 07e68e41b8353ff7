"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";

import { useSupabase } from "@/components/providers";

type Mode = "login" | "signup";

const COPY = {
  login: {
    title: "Sign in to Orrery",
    submit: "Sign in",
    busy: "Signing in…",
    switchText: "No account yet?",
    switchLink: "Create one",
    switchHref: "/signup",
  },
  signup: {
    title: "Create your account",
    submit: "Create account",
    busy: "Creating account…",
    switchText: "Already have an account?",
    switchLink: "Sign in",
    switchHref: "/login",
  },
} as const;

/** Email + password sign-in / sign-up. `next` is already sanitized by the page. */
export function AuthForm({ mode, next }: { mode: Mode; next: string }) {
  const copy = COPY[mode];
  const getSupabase = useSupabase();
  const router = useRouter();
  const ids = { email: useId(), password: useId(), error: useId() };
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    setPending(true);
    setError(null);
    setNotice(null);
    try {
      const supabase = getSupabase();
      const { data, error } =
        mode === "login"
          ? await supabase.auth.signInWithPassword({ email, password })
          : await supabase.auth.signUp({ email, password });
      if (error) {
        setError(error.message);
        setPending(false);
        return;
      }
      if (!data.session) {
        // Sign-up succeeded but the project requires email confirmation.
        setNotice("Check your email to confirm your account, then sign in.");
        setPending(false);
        return;
      }
      router.replace(next);
      router.refresh();
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : "Something went wrong. Try again.");
      setPending(false);
    }
  }

  const switchHref = next === "/workflows" ? copy.switchHref : `${copy.switchHref}?next=${encodeURIComponent(next)}`;

  return (
    <div>
      <h1 className="text-xl font-semibold tracking-tight">{copy.title}</h1>
      <form className="mt-6 space-y-4" onSubmit={onSubmit} aria-describedby={error ? ids.error : undefined}>
        <div className="space-y-1.5">
          <label htmlFor={ids.email} className="block text-sm font-medium">
            Email
          </label>
          <input
            id={ids.email}
            name="email"
            type="email"
            autoComplete="email"
            required
            autoFocus
            className="block h-9 w-full rounded-md border border-border bg-background px-3 text-sm shadow-xs outline-none transition placeholder:text-muted focus:border-accent focus:ring-2 focus:ring-accent/25"
            placeholder="you@example.com"
          />
        </div>
        <div className="space-y-1.5">
          <label htmlFor={ids.password} className="block text-sm font-medium">
            Password
          </label>
          <input
            id={ids.password}
            name="password"
            type="password"
            autoComplete={mode === "login" ? "current-password" : "new-password"}
            required
            minLength={mode === "signup" ? 6 : undefined}
            className="block h-9 w-full rounded-md border border-border bg-background px-3 text-sm shadow-xs outline-none transition focus:border-accent focus:ring-2 focus:ring-accent/25"
          />
        </div>
        {error ? (
          <p id={ids.error} role="alert" className="rounded-md bg-danger-surface px-3 py-2 text-sm text-danger">
            {error}
          </p>
        ) : null}
        {notice ? (
          <p role="status" className="rounded-md bg-surface-muted px-3 py-2 text-sm">
            {notice}
          </p>
        ) : null}
        <button
          type="submit"
          disabled={pending}
          aria-busy={pending}
          className="inline-flex h-9 w-full items-center justify-center gap-2 rounded-md bg-accent px-3 text-sm font-medium text-accent-foreground shadow-sm transition hover:opacity-90 disabled:cursor-wait disabled:opacity-70"
        >
          {pending ? (
            <span
              aria-hidden="true"
              className="size-3.5 animate-spin rounded-full border-2 border-accent-foreground/40 border-t-accent-foreground"
            />
          ) : null}
          {pending ? copy.busy : copy.submit}
        </button>
      </form>
      <p className="mt-6 text-center text-sm text-muted">
        {copy.switchText}{" "}
        <Link href={switchHref} className="font-medium text-foreground underline-offset-4 hover:underline">
          {copy.switchLink}
        </Link>
      </p>
    </div>
  );
}
