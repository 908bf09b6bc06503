import { BusinessCalendar } from './business-calendar';

describe(BusinessCalendar.name, () => {
  const calendar = new BusinessCalendar();

  it('counts Monday to Friday as business days, weekends not', () => {
    expect(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'].map((d) => calendar.isBusinessDay(d))).toEqual([true, true, true, true, true]);
    expect(calendar.isBusinessDay('2026-11-21')).toBe(false);
    expect(calendar.isBusinessDay('2026-11-22')).toBe(false);
  });

  it('knows Argentine national holidays, moved ones and bank holidays included, year by year', () => {
    expect(calendar.holiday('2026-11-23')).toBe('Día de la Soberanía Nacional'); // observed on Monday the 23rd in 2026
    expect(calendar.isBusinessDay('2026-11-23')).toBe(false);
    expect(calendar.isBusinessDay('2026-02-16')).toBe(false); // Carnaval
    expect(calendar.isBusinessDay('2027-01-01')).toBe(false);
    expect(calendar.isBusinessDay('2025-05-02')).toBe(false); // feriado puente turístico
    expect(calendar.holiday('2026-11-24')).toBeNull();
  });
});
