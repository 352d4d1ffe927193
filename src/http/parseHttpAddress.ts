import { JitError } from '../errors/JitError';

/**
 * `--http [[host:]port]`: `8787`, `0.0.0.0:8787`, `[::1]:8787`, or a host alone. Parts left out are
 * undefined (the caller takes them from `settings.http`). A port that is not 0 … 65535 is CONFIG_INVALID.
 */
export function parseHttpAddress(text: string): { host?: string; port?: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*))(?::(\d+))?$/.exec(text.trim());
  let host = match?.[1] ?? match?.[2];
  let portText = match?.[3];
  if (match && host !== undefined && portText === undefined && /^\d+$/.test(host)) [host, portText] = [undefined, host];
  const port = portText === undefined ? undefined : Number(portText);
  if (!match || (port !== undefined && port > 65535)) {
    throw new JitError('CONFIG_INVALID', `--http ${text}: expected [host:]port, such as 8787 or 0.0.0.0:8787`);
  }
  return { host: host === '' ? undefined : host, port };
}
