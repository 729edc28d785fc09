// Address classification shared by the proxy and connection checks.

/** 127.0.0.0/8, ::1 (also IPv4-mapped), localhost, and 0.0.0.0 (which reaches this host too). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '0.0.0.0'
    || h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
}
