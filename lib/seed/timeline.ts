// When the demo history happened, relative to the seed's `now`: counted in
// working days (Mon–Fri) back from today, at a time of day in UTC (the
// console shows UTC). Counting working days keeps the steps in order and off
// weekends for any `now`, and the same `now` always gives the same instants.

const DAY = 86_400_000;

/** Start of `d`'s UTC day. */
export const utcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

export const isWeekend = (d: Date) => d.getUTCDay() === 0 || d.getUTCDay() === 6;

/** The working day `workdays` (≥ 1) before `now`'s UTC date, at `time` ("HH:MM", UTC). Always before today, so before `now`. */
export function workdayAt(now: Date, workdays: number, time: string): Date {
  if (!Number.isInteger(workdays) || workdays < 1) throw new Error(`workdays must be a positive integer, got ${workdays}`);
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`time must be HH:MM, got ${time}`);
  let day = utcDay(now);
  for (let left = workdays; left > 0; ) {
    day = new Date(day.getTime() - DAY);
    if (!isWeekend(day)) left--;
  }
  return new Date(day.getTime() + (Number(match[1]) * 60 + Number(match[2])) * 60_000);
}
