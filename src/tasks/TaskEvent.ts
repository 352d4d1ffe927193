/** A line the engine reports (the CLI prints them; tests collect them). */
export interface TaskEvent {
  /**
   * `leaseLost`: this process gave a run up (its lease ran out here, or another process took the
   * task); `late`: a result that came after that was kept (the message says how).
   */
  kind: 'started' | 'ended' | 'skipped' | 'scheduled' | 'leaseLost' | 'late';
  taskId: string;
  fullName: string;
  /** Due time, epoch ms. */
  dueAt: number;
  attempt?: number;
  /** For `started`: start minus due, ms. For `ended`: run time, ms. */
  ms?: number;
  status?: string;
  message?: string;
}
