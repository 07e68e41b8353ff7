import type { Metadata } from "next";

import { AuthForm } from "@/components/auth-form";
import { safeNextPath } from "@/lib/redirect";

export const metadata: Metadata = { title: "Sign up" };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

export default async function SignupPage({ searchParams }: Props) {
  const { next } = await searchParams;
  return <AuthForm mode="signup" next={safeNextPath(Array.isArray(next) ? next[0] : next)} />;
}
