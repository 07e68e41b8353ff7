import type { ReactNode } from "react";

import { Logo } from "@/components/logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="mb-8 flex items-center gap-2.5">
        <Logo className="size-8" />
        <span className="text-lg font-semibold tracking-tight">Orrery</span>
      </div>
      <div className="w-full max-w-sm rounded-xl border border-border bg-surface p-7 shadow-sm">{children}</div>
      <p className="mt-6 text-xs text-muted">An open studio for AI-agent workflows.</p>
    </main>
  );
}
