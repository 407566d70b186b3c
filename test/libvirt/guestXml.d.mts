// Types of test/libvirt/guestXml.mjs for the TypeScript suites.
export function xmlText(s: string): string;
export function tcgDomainXml(name: string, diskPath: string): string;
