/**
 * The query of `runsPerMinute`, its parameters the first history id to read (see
 * `firstHistoryIdFrom`) and the first instant counted, so only the hours asked for are read, by
 * the primary key; the 95th percentile is the nearest rank, found with window functions both
 * databases have. A started run's lateness is its start minus its task's due time (the due time of
 * its latest attempt, for a retried task). `placeholder` writes the dialect's n-th parameter.
 */
export function runsPerMinuteSql(placeholder: (n: number) => string): string {
  return `
    WITH e AS (
      SELECT h.at / 60000 AS minute, h.event, COALESCE(h.at - t.due_at, 0) AS late
      FROM jittask_task_history h LEFT JOIN jittask_tasks t ON t.task_id = h.task_id AND h.event = 'started'
      WHERE h.id >= ${placeholder(1)} AND h.at >= ${placeholder(2)} AND h.event IN ('started', 'error', 'timeout')
    ), ranked AS (
      SELECT minute, event, late,
        ROW_NUMBER() OVER (PARTITION BY minute, event ORDER BY late) AS k,
        COUNT(*) OVER (PARTITION BY minute, event) AS n
      FROM e
    )
    SELECT minute,
      SUM(CASE WHEN event = 'started' THEN 1 ELSE 0 END) AS runs,
      SUM(CASE WHEN event = 'started' THEN 0 ELSE 1 END) AS failures,
      MIN(CASE WHEN event = 'started' AND k >= 0.95 * n THEN late END) AS p95
    FROM ranked GROUP BY minute ORDER BY minute`;
}
