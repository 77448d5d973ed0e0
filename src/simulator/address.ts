// How the simulator names an address it is bound to: one rule for its `url` and its start-up line.

/** A bind to every interface (reachable from this machine on loopback). */
export function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::";
}

/** `http://host:port`, an IPv6 literal in brackets. */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}
