/** A `command:` link for a trusted MarkdownString, arguments passed as JSON. */
export function commandLink(command: string, ...args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}
