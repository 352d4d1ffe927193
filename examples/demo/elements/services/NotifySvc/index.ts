import type { ServiceElement } from 'jittask';

export default (Base: typeof ServiceElement) =>
  class NotifySvc extends Base {
    async send(message: string) {
      console.log(`  >>> ${message}`);
      return `sent: ${message}`;
    }

    /** Called by tasks.MeetingReminder with the meeting as it is when the reminder runs. */
    async remind(rowData: Record<string, unknown>) {
      return this.send(`meeting reminder: "${String(rowData.title)}" starts at ${String(rowData.startTime)}`);
    }
  };
