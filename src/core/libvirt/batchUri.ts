// Plain string work on libvirt URIs (no process: the web entry imports what imports this).

/**
 * The URI as VirtKit hands it to a virsh that nobody can type into. Over `+ssh`, libvirt's
 * `no_tty=1` runs ssh with `BatchMode=yes`: a password or host-key question then fails at once
 * with ssh's own words, instead of waiting, unseen, for an answer (or for an askpass window)
 * until the timeout. A URI that already says `no_tty` is left as it is.
 */
export function batchUri(uri: string): string {
  if (!/^[a-z][a-z0-9]*\+ssh:\/\//i.test(uri) || /[?&]no_tty=/i.test(uri)) return uri;
  return `${uri}${uri.includes('?') ? '&' : '?'}no_tty=1`;
}
