/**
 * HTTP-date in its preferred IMF-fixdate form (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`:
 * what `Repeatability-First-Sent` and `x-ms-date` carry. Parsing is strict (the exact layout, a real
 * calendar date and a day name that matches it); the obsolete RFC 850 and asctime forms are refused.
 */

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const IMF_FIXDATE =
  /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

// Requests carry the same x-ms-date and Repeatability-First-Sent values for a second at a time:
// remembering the last few answers skips the parse for most of them.
const recentValues = ["", "", "", ""];
const recentTimes: (number | undefined)[] = [undefined, undefined, undefined, undefined];
let nextSlot = 0;

/** The instant an IMF-fixdate names, in milliseconds since the epoch, or `undefined` when it is not one. */
export function parseImfFixdate(value: string): number | undefined {
  for (let i = 0; i < 4; i++) if (recentValues[i] === value) return recentTimes[i];
  const time = parse(value);
  recentValues[nextSlot] = value;
  recentTimes[nextSlot] = time;
  nextSlot = (nextSlot + 1) & 3;
  return time;
}

function parse(value: string): number | undefined {
  const m = IMF_FIXDATE.exec(value);
  if (!m) return undefined;
  const [, dayName, dd, mon, yyyy, hh, mi, ss] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const month = MONTHS.indexOf(mon as (typeof MONTHS)[number]);
  const day = Number(dd);
  const year = Number(yyyy);
  const hour = Number(hh);
  const minute = Number(mi);
  const second = Number(ss);
  // RFC 9110 allows second 60 (a leap second) in the grammar; Date cannot hold it, so refuse it.
  if (hour > 23 || minute > 59 || second > 59 || day < 1) return undefined;
  const time = Date.UTC(year, month, day, hour, minute, second);
  const date = new Date(time);
  // Date.UTC rolls 31 Feb over into March: a rolled-over date is not a calendar date.
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month || date.getUTCFullYear() !== year) return undefined;
  if (DAYS[date.getUTCDay()] !== dayName) return undefined;
  return time;
}

/** Whether a string is a valid IMF-fixdate (the `http-date` format of the spec). */
export function isImfFixdate(value: string): boolean {
  return parseImfFixdate(value) !== undefined;
}

/** Formats an instant as IMF-fixdate. */
export function formatImfFixdate(time: number | Date): string {
  return new Date(time).toUTCString();
}
