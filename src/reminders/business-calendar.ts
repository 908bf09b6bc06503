import { Injectable } from '@nestjs/common';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

/**
 * Argentine business days: Monday to Friday except national holidays, as
 * date-holidays keeps them (moved holidays and "feriados puente" included,
 * year by year). Holidays of type "public" are the feriados nacionales;
 * "bank" ones are days the banks close (Jueves Santo, the 2025 puentes): no
 * customer can pay on them, so no reminder goes out either. Regional and
 * optional days ("día no laborable") stay business days.
 */
@Injectable()
export class BusinessCalendar {
  private readonly holidays = new Holidays('AR', { types: ['public', 'bank'] });
  private readonly byYear = new Map<number, Map<string, string>>();

  /** "YYYY-MM-DD" is a weekday and no national holiday. */
  isBusinessDay(date: string): boolean {
    return DateTime.fromISO(date).weekday <= 5 && !this.holiday(date);
  }

  /** The holiday's name on that day, or null. */
  holiday(date: string): string | null {
    const year = Number(date.slice(0, 4));
    let days = this.byYear.get(year);
    if (!days) {
      days = new Map();
      for (const h of this.holidays.getHolidays(year)) {
        if (h.type === 'public' || h.type === 'bank') days.set(h.date.slice(0, 10), h.name);
      }
      this.byYear.set(year, days);
    }
    return days.get(date) ?? null;
  }
}
