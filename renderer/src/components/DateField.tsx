// A calendar day typed or picked as jj/mm/aaaa, whatever the OS or browser locale: the browser's own date input
// follows the machine (12/19/2026 on an English system), which a French manager misreads. react-aria's DatePicker
// under an fr-FR I18nProvider gives day/month/year segments in that order, French names in the calendar and
// Monday-first weeks. Values travel as 'YYYY-MM-DD' strings, like every business date in the app.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDate, type CalendarDate } from '@internationalized/date';
import {
  Button,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DatePicker,
  DateSegment,
  Dialog,
  FieldError,
  Group,
  Heading,
  I18nProvider,
  Label,
  Popover,
  Text,
} from 'react-aria-components';
import { isCalendarDate } from '../../../shared/domain/calendar-date';

export const DATE_LOCALE = 'fr-FR';

export type DateFieldProps = {
  label: string;
  /** 'YYYY-MM-DD', or '' when empty. */
  value: string;
  /** Called with 'YYYY-MM-DD' once the day is complete, '' when the field is cleared or left incomplete. */
  onChange(value: string): void;
  /** Earliest and latest selectable days, 'YYYY-MM-DD'. */
  min?: string | undefined;
  max?: string | undefined;
  /** A French sentence shown under the field, which is then marked invalid. */
  error?: string | null | undefined;
  description?: string | undefined;
  isRequired?: boolean;
  isDisabled?: boolean;
  autoFocus?: boolean;
  /** Field name for form posts and for tests; the hidden input carries 'YYYY-MM-DD'. */
  name?: string;
  className?: string;
  'data-testid'?: string;
};

function toDate(value: string | undefined): CalendarDate | null {
  return value && isCalendarDate(value) ? parseDate(value) : null;
}

export function DateField({ label, value, onChange, min, max, error, description, isRequired, isDisabled, autoFocus, name, className, ...rest }: DateFieldProps) {
  const { t } = useTranslation();
  // The picker keeps its own day: while a year is being typed it passes through days like 0002-11-30 that are no
  // business date (the parent gets ''); fed back as null they would wipe the day and month already typed.
  const [day, setDay] = useState<CalendarDate | null>(() => toDate(value));
  const emitted = useRef(value);
  useEffect(() => {
    if (value === emitted.current) return;
    emitted.current = value;
    setDay(toDate(value));
  }, [value]);
  return (
    <I18nProvider locale={DATE_LOCALE}>
      <DatePicker
        className={['field', 'date-field', className].filter(Boolean).join(' ')}
        value={day}
        onChange={(next) => {
          setDay(next);
          const text = next && isCalendarDate(next.toString()) ? next.toString() : '';
          emitted.current = text;
          onChange(text);
        }}
        minValue={toDate(min)}
        maxValue={toDate(max)}
        isInvalid={!!error}
        isRequired={isRequired ?? false}
        isDisabled={isDisabled ?? false}
        autoFocus={autoFocus ?? false}
        // The app shows its own French errors; the browser's native bubbles would follow the OS language.
        validationBehavior="aria"
        shouldForceLeadingZeros
        granularity="day"
        {...(name ? { name } : {})}
        data-testid={rest['data-testid']}
      >
        <Label>{label}</Label>
        <Group className="date-group">
          <DateInput className="date-input">{(segment) => <DateSegment segment={segment} className="date-segment" />}</DateInput>
          <Button className="date-button" aria-label={t('dateField.open', { label })}>
            <span aria-hidden="true">▾</span>
          </Button>
        </Group>
        {description ? <Text slot="description" className="small muted">{description}</Text> : null}
        <FieldError className="field-error">{error}</FieldError>
        <Popover className="date-popover" placement="bottom start">
          <Dialog className="date-dialog" aria-label={t('dateField.calendar', { label })}>
            <Calendar className="date-calendar">
              <header className="date-calendar-head">
                <Button slot="previous" className="btn btn-small btn-ghost" aria-label={t('dateField.previousMonth')}>
                  ‹
                </Button>
                <Heading className="date-calendar-title" />
                <Button slot="next" className="btn btn-small btn-ghost" aria-label={t('dateField.nextMonth')}>
                  ›
                </Button>
              </header>
              <CalendarGrid className="date-grid">{(date) => <CalendarCell date={date} className="date-cell" />}</CalendarGrid>
            </Calendar>
          </Dialog>
        </Popover>
      </DatePicker>
    </I18nProvider>
  );
}
