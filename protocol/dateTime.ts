/**
 * `publishedAt` of protocol v1: RFC 3339 section 5.6 `date-time` with upper-case `T` and `Z`,
 * seconds, and a fraction of at least one digit when there is a `.`.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Proleptic Gregorian, as RFC 3339 appendix C: year 0000 is divisible by 400, so a leap year. */
const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysInMonth = (year: number, month: number) =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/**
 * Whether `value` is a date-time protocol v1 accepts: a real calendar date from 0000-01-01 to
 * 9999-12-31, hours 00 to 23, minutes and seconds 00 to 59 (no leap second), and an offset `Z`
 * or `±HH:MM` with hours 00 to 23 and minutes 00 to 59 (`-00:00` included, as RFC 3339 allows).
 */
export function isPublishedAt(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  // A `Z` offset leaves the last two groups undefined: read them as 00:00.
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = match
    .slice(1)
    .map((group) => Number(group ?? 0)) as [number, number, number, number, number, number, number, number];
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) &&
    hour <= 23 && minute <= 59 && second <= 59 && offsetHour <= 23 && offsetMinute <= 59
  );
}
