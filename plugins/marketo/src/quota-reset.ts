const DAY_MS = 24 * 60 * 60 * 1000;

/** Milliseconds since local midnight of an instant in a time zone. */
function timeOfDayMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);

  return ((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000 + (instant % 1000);
}

/**
 * Milliseconds from `now` to the next local midnight in `timeZone` (when Marketo's daily quota
 * resets, in US Central). A daylight-saving change that day moves midnight by up to an hour,
 * which one correction step absorbs.
 */
export function msUntilNextMidnight(timeZone: string, now: number): number {
  let midnight = now + DAY_MS - timeOfDayMs(now, timeZone);
  const drift = timeOfDayMs(midnight, timeZone);
  if (drift !== 0) midnight -= drift > DAY_MS / 2 ? drift - DAY_MS : drift;

  return midnight - now;
}
