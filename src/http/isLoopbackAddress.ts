/**
 * True for an address of this machine's loopback interface: 127.0.0.0/8, ::1, and IPv4 loopback
 * mapped into IPv6 (how a dual-stack server sees 127.0.0.1), and for the name `localhost`.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address.replace(/^\[|\]$/g, '');
  return plain === '::1' || plain === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}
