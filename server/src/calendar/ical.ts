import type { CalendarItemDto } from '@sro/shared';

// A minimal iCalendar (RFC 5545) writer: all-day VEVENTs (timed ones when the item has a time, Moscow time),
// text escaped and lines folded at 75 octets, so Outlook, Яндекс and Google calendars read it.

const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  for (const ch of line) {
    if (Buffer.byteLength(current + ch, 'utf8') > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
    }
    current += ch;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export function toICal(items: CalendarItemDto[], calendarName: string, baseUrl: string, host: string): string {
  const now = stamp(new Date());
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//SRO portal//RU', 'CALSCALE:GREGORIAN', `X-WR-CALNAME:${escape(calendarName)}`, 'X-WR-TIMEZONE:Europe/Moscow'];
  for (const item of items) {
    const day = item.date.replace(/-/g, '');
    lines.push('BEGIN:VEVENT', `UID:${item.id}@${host}`, `DTSTAMP:${now}`);
    if (item.time) lines.push(`DTSTART;TZID=Europe/Moscow:${day}T${item.time.replace(':', '')}00`);
    else lines.push(`DTSTART;VALUE=DATE:${day}`);
    lines.push(`SUMMARY:${escape(item.title)}`);
    if (item.place) lines.push(`LOCATION:${escape(item.place)}`);
    if (item.link) lines.push(`URL:${baseUrl}${item.link}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
