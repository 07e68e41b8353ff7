/** "1 node", "7 nodes". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "YouTube video: research -> outline..." -> "YouTube video": a template's name says what it does, a workflow's names it. */
export function shortName(templateName: string): string {
  const head = templateName.split(/[:(]/)[0]!.trim();
  return head || templateName.trim();
}
