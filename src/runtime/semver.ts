import type * as Semver from 'semver';

/**
 * The `semver` package, loaded when an `extends` entry names a version (`{ appId, version }`):
 * an app that extends by path or package name never needs it, and its 40-odd modules would
 * otherwise load with every process.
 */
export function semver(): typeof Semver {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('semver') as typeof Semver;
}
