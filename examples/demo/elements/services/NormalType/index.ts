import type { ServiceElement } from 'jittask';

/**
 * Overrides the built-in services.NormalType: every declared function of every service of that
 * Type, services.TaskSvc included, is now logged. This is how a host app adds auth or metrics.
 */
export default (Base: typeof ServiceElement) =>
  class LoggedService extends Base {
    override async callFunction(name: string, args: Record<string, unknown> = {}) {
      console.log(`  [call] ${this.fullName}.${name}(${JSON.stringify(args)})`);
      return super.callFunction(name, args);
    }
  };
