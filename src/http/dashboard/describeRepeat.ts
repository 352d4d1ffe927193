import type { TimerCfg } from '../../time/TimerCfg';
import { parseAppTime } from '../../time/parseAppTime';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 1st, 2nd, 3rd, 4th…; -1 is "last". */
function ordinal(n: number): string {
  if (n === -1) return 'last';
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * A template's repeat rule in words for the dashboard, e.g. "every 2 weeks on Mon, Wed at 09:00";
 * times are those of `startTime` in the app zone, which every occurrence keeps.
 */
export function describeRepeat(cfg: TimerCfg | undefined, zone: string): string {
  if (!cfg) return 'when a task is created';
  const start = parseAppTime(cfg.startTime, zone);
  const at = start ? start.toFormat('HH:mm') : '';
  const repeat = cfg.repeat ?? { repeatType: 'normal' as const };
  let text: string;
  if (repeat.repeatType === 'normal') {
    text = `once at ${start ? start.toFormat('yyyy-MM-dd HH:mm') : cfg.startTime}`;
  } else {
    const period = repeat.period ?? 1;
    text = period === 1 ? `every ${repeat.repeatType}` : `every ${period} ${repeat.repeatType}s`;
    if (repeat.repeatType === 'hour' && start) text += ` at minute ${start.toFormat('mm')}`;
    if (repeat.repeatType === 'week' && repeat.weekday?.length)
      text += ` on ${repeat.weekday.map((d) => WEEKDAYS[d - 1] ?? String(d)).join(', ')}`;
    if (repeat.repeatType === 'month' && repeat.day?.length)
      text += ` on day ${repeat.day.map((d) => (d === -1 ? 'last' : String(d))).join(', ')}`;
    if (repeat.repeatType === 'year') {
      if (repeat.month !== undefined && repeat.week !== undefined && repeat.weekday?.length) {
        text += ` on the ${ordinal(repeat.week)} ${WEEKDAYS[repeat.weekday[0]! - 1] ?? ''} of ${MONTHS[repeat.month - 1] ?? repeat.month}`;
      } else if (start) {
        text += ` on ${MONTHS[start.month - 1]} ${start.day}`;
      }
    }
    if (['day', 'week', 'month', 'year'].includes(repeat.repeatType) && at) text += ` at ${at}`;
  }
  if (cfg.endTime) text += ` until ${cfg.endTime}`;
  if (cfg.skipHoliday) text += ', skipping holidays';
  return text;
}
