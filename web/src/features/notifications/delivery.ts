/** What the bell says of a notification's delivery to the user's webhook and email. */

export type Delivery = {
  delivered_at?: string | null;
  delivery_error?: string | null;
  next_delivery_at?: string | null;
};

/**
 * Nothing while it went (or is on its way); after a failed attempt, why, and when it is tried
 * again or that it will not be.
 */
export function deliveryNote(note: Delivery, formatTime: (iso: string) => string = (iso) => new Date(iso).toLocaleTimeString()): string | null {
  if (note.delivered_at || !note.delivery_error) return null;
  const next = note.next_delivery_at ? `tried again at ${formatTime(note.next_delivery_at)}` : "not tried again";
  return `Not delivered (${note.delivery_error}); ${next}.`;
}
