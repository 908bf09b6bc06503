import { DateTime } from 'luxon';
import { Clock } from '../../src/common/clock';

/**
 * A clock set to a chosen moment that keeps ticking from there (retries and
 * claims still see time pass). Given to startTestApp, it is the app's "now".
 */
export class TestClock extends Clock {
  private offsetMs = 0;

  /** `at`: an instant, or "YYYY-MM-DD" for 09:00 that day in Buenos Aires (the scheduled run's hour). */
  set(at: Date | string): this {
    const target = typeof at === 'string' ? DateTime.fromISO(`${at}T09:00`, { zone: 'America/Argentina/Buenos_Aires' }).toJSDate() : at;
    this.offsetMs = target.getTime() - Date.now();
    return this;
  }

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}
