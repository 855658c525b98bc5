/**
 * The one loopback rule, shared by the API URL check (src/qovery) and the `repository:` check
 * (src/git): plain http:// is allowed only where a packet cannot leave the machine. Loopback means
 * exactly `localhost`, `127.0.0.0/8` and `::1` (in any spelling). Not `*.localhost` (a resolver or
 * /etc/hosts may send it anywhere), not `localhost.` with a dot, not IPv4-mapped `::ffff:127.0.0.1`:
 * refusing an odd spelling costs nothing, accepting one could send a token in clear.
 */

// A dotted-quad IPv4 address, as `net.isIPv4` reads one (without loading node:net: `validate`
// checks `repository:` URLs, and every module it loads costs start-up time).
const IPV4_PART = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const IPV4 = new RegExp(`^${IPV4_PART}(?:\\.${IPV4_PART}){3}$`);

/** True when `hostname` (as `URL.hostname` gives it, IPv6 with or without brackets) is loopback. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost') return true;
  if (IPV4.test(host)) return host.split('.')[0] === '127';
  if (!host.includes(':')) return false;
  // The URL parser checks the IPv6 syntax and prints every spelling of ::1 (0:0:0:0:0:0:0:1, 0::1,
  // ::0.0.0.1) as [::1]; it refuses a zone id (`::1%lo`), which is then not loopback either.
  try {
    return new URL(`http://[${host}]/`).hostname === '[::1]';
  } catch {
    return false;
  }
}
