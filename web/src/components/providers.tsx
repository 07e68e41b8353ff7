"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";

import { createClient } from "@/lib/supabase/client";
import type { PublicSupabaseConfig } from "@/lib/supabase/config";
import { ToastProvider } from "@/components/ui/toast";
import { TRPCReactProvider } from "@/lib/trpc/client";

const SupabaseConfigContext = createContext<PublicSupabaseConfig | null>(null);

/** Client-side providers. `supabase` comes from the server's env at request time. */
export function Providers({ supabase, children }: { supabase: PublicSupabaseConfig; children: ReactNode }) {
  return (
    <SupabaseConfigContext.Provider value={supabase}>
      <TRPCReactProvider>
        <ToastProvider>{children}</ToastProvider>
      </TRPCReactProvider>
    </SupabaseConfigContext.Provider>
  );
}

/** The browser's Supabase client. Call from event handlers/effects (it needs `window`). */
export function useSupabase() {
  const config = useContext(SupabaseConfigContext);
  if (!config) throw new Error("useSupabase must be used inside <Providers>");
  return useMemo(() => () => createClient(config), [config]);
}
