"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { useSupabase } from "@/components/providers";

export function SignOutButton() {
  const getSupabase = useSupabase();
  const router = useRouter();
  const [pending, setPending] = useState(false);

  async function signOut() {
    setPending(true);
    // "local": end this browser's session only, not the user's other devices.
    await getSupabase().auth.signOut({ scope: "local" });
    router.replace("/login");
    router.refresh();
  }

  return (
    <button
      type="button"
      onClick={signOut}
      disabled={pending}
      className="h-8 rounded-md border border-border bg-surface px-2.5 text-sm font-medium shadow-xs transition hover:bg-surface-muted disabled:opacity-60"
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
