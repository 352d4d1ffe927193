import type { ServiceElement } from 'jittask';

export default (Base: typeof ServiceElement) =>
  class NotifySvc extends Base {
    async send(message: string) {
      console.log(`  >>> ${message}`);
      return `sent: ${message}`;
    }
  };
