/** The statuses of a task that has ended: it will not run again (a retry is a new task). */
export const FINISHED = ['completed', 'error', 'timeout', 'forcedEnd'];
