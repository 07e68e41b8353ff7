import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";

import { EngineStatus } from "@/components/engine-status";
import { Logo } from "@/components/logo";
import { NavLinks } from "@/components/nav-links";
import { SignOutButton } from "@/components/sign-out-button";
import { NotificationBell } from "@/features/notifications/bell";
import { getViewer } from "@/server/viewer";

/** Signed-in pages: header with nav, the user and sign-out; footer with engine health. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  // The proxy already redirects signed-out users; this guards the render itself.
  if (!viewer) redirect("/login");

  return (
    <div className="flex min-h-dvh flex-col">
      {/* Above the full-screen editor and run view (z-20), so the bell's inbox opens over them. */}
      <header className="sticky top-0 z-30 border-b border-border bg-background/80 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4 sm:px-6">
          <Link href="/workflows" className="flex items-center gap-2 font-semibold tracking-tight">
            <Logo />
            <span>Orrery</span>
          </Link>
          <NavLinks />
          <div className="ml-auto flex items-center gap-3">
            <NotificationBell />
            <span className="hidden max-w-56 truncate text-sm text-muted sm:inline" data-testid="user-email">
              {viewer.email ?? viewer.id}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">{children}</main>
      <footer className="border-t border-border">
        <div className="mx-auto flex h-10 max-w-6xl items-center justify-between px-4 sm:px-6">
          <span className="text-xs text-muted">Orrery</span>
          <EngineStatus />
        </div>
      </footer>
    </div>
  );
}
