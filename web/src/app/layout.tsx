import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";

import { Providers } from "@/components/providers";
import { env } from "@/env";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Orrery", template: "%s · Orrery" },
  description: "An open studio for AI-agent workflows.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fbfbfc" },
    { media: "(prefers-color-scheme: dark)", color: "#0b0b0e" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Env is read per request, not at build time: one build serves every mode.
  await connection();
  const { publicSupabaseUrl, supabaseAnonKey } = env();
  return (
    <html lang="en">
      <body className="min-h-dvh bg-background text-foreground antialiased">
        <Providers supabase={{ supabaseUrl: publicSupabaseUrl, anonKey: supabaseAnonKey }}>{children}</Providers>
      </body>
    </html>
  );
}
