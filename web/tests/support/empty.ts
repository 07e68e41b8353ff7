// Stands in for "server-only" under vitest (the real one throws outside React Server Components).
export {};
