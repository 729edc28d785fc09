// The policy's allowed scan window (`scan.window`): local wall-clock times `HH:MM`. A window whose
// end is before its start spans midnight (22:00-06:00); equal times mean the whole day.
export interface ScanWindow {
  start: string;
  end: string;
}

const minutesOf = (clock: string): number => {
  const [hours, minutes] = clock.split(':').map(Number);
  return hours! * 60 + minutes!;
};

const minuteOfDay = (date: Date): number => date.getHours() * 60 + date.getMinutes();

export function isInWindow(date: Date, window: ScanWindow): boolean {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  const now = minuteOfDay(date);
  if (start === end) return true;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** `date` itself when inside the window, otherwise the next local time the window opens. */
export function nextWindowOpening(date: Date, window: ScanWindow): Date {
  if (isInWindow(date, window)) return date;
  const start = minutesOf(window.start);
  const opening = new Date(date);
  opening.setHours(Math.floor(start / 60), start % 60, 0, 0);
  if (opening.getTime() <= date.getTime()) opening.setDate(opening.getDate() + 1);
  return opening;
}

/** Milliseconds from `date` (inside the window) until the window closes; Infinity for a whole-day window. */
export function windowRemainingMs(date: Date, window: ScanWindow): number {
  if (window.start === window.end) return Infinity;
  const end = minutesOf(window.end);
  const closing = new Date(date);
  closing.setHours(Math.floor(end / 60), end % 60, 0, 0);
  if (closing.getTime() <= date.getTime()) closing.setDate(closing.getDate() + 1);
  return closing.getTime() - date.getTime();
}
