/** Which saved provider keys an agent node may use: those of its own provider. */

export type CredentialChoice = { id: string; provider: string; label: string; key_hint: string; base_url: string | null };

export type CredentialOption = { value: string; label: string };

/** The options of the agent's credential select: the node's provider's keys, newest first as listed. */
export function credentialOptions(credentials: readonly CredentialChoice[], provider: unknown): CredentialOption[] {
  if (typeof provider !== "string" || provider === "demo") return [];
  return credentials
    .filter((c) => c.provider === provider)
    .map((c) => ({
      value: c.id,
      label: `${c.label} (…${c.key_hint || "····"})${c.base_url ? ` — ${c.base_url}` : ""}`,
    }));
}

/** A chosen id that is not among the options (deleted, or another provider's): shown as such. */
export function isStaleChoice(options: readonly CredentialOption[], value: unknown): boolean {
  return typeof value === "string" && value !== "" && !options.some((o) => o.value === value);
}
