// The session of a pre-registration, found by typing (intitulé, ville, Carif, référence) among every session of the
// catalogue. Each option shows what a prescriber decides on: the counter « pris/places », the date limite and
// whether the session takes one; a session that cannot (full, cancelled, no entry point to come) is listed, greyed,
// with the reason, and cannot be chosen.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData } from '@tanstack/react-query';
import { Button, ComboBox, Input, Label, ListBox, ListBoxItem, Popover, Text, type Key } from 'react-aria-components';
import type { SessionListRow } from '../../../../shared/ipc/views';
import { formatCounter } from '../../../../shared/domain/entry-point-counter';
import { useIpcQuery } from '../../use-ipc-query';
import { formatDay } from '../../format';

/** What the picker shows of a session (a list row, or the same fields read from the session's detail). */
export type PickedSession = Pick<SessionListRow, 'id' | 'actionTitle' | 'carifNumber' | 'city' | 'department' | 'organisme' | 'counter' | 'deadline' | 'marketStart' | 'marketEnd' | 'applications'>;

const LIMIT = 50;

export function optionText(s: PickedSession): string {
  return `${s.actionTitle} — ${s.carifNumber} — ${s.city} (${s.department})`;
}

export function SessionPicker({ value, onChange, error }: { value: PickedSession | null; onChange: (session: PickedSession | null) => void; error?: string | null }) {
  const { t } = useTranslation();
  const [input, setInput] = useState(value ? optionText(value) : '');
  // The text of the chosen session is not a search: the list then shows every session again.
  const search = value && input === optionText(value) ? '' : input.trim();
  useEffect(() => {
    if (value) setInput(optionText(value));
  }, [value]);
  // Asked 200 ms after the last key; the previous search's rows stay shown until the next answer.
  const [asked, setAsked] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setAsked(search), 200);
    return () => clearTimeout(timer);
  }, [search]);
  const sessions = useIpcQuery(
    'sessions.list',
    { filters: asked ? { search: asked } : {}, sort: { field: 'deadline', direction: 'asc' }, offset: 0, limit: LIMIT },
    { enabled: asked !== null, placeholderData: keepPreviousData },
  );
  // Until the answer to the current search arrives, the list says it is searching rather than « no session
  // matches »; a search the core could not answer shows no session.
  const answered = asked === search && !sessions.isPlaceholderData && (sessions.isSuccess || sessions.isError);
  const found = useMemo(() => (sessions.isError ? { rows: [], total: 0 } : (sessions.data ?? { rows: [], total: 0 })), [sessions.isError, sessions.data]);
  // The chosen session stays in the collection, or the combobox would forget its text.
  const items = useMemo(() => (value && !found.rows.some((r) => r.id === value.id) ? [value, ...found.rows] : found.rows), [found.rows, value]);
  const disabledKeys = useMemo(() => items.filter((s) => !s.applications.open).map((s) => s.id), [items]);

  return (
    <ComboBox
      className="field grow session-picker"
      items={items}
      inputValue={input}
      onInputChange={setInput}
      value={value?.id ?? null}
      onChange={(key: Key | null) => onChange(items.find((s) => s.id === key) ?? null)}
      disabledKeys={disabledKeys}
      menuTrigger="focus"
      allowsEmptyCollection
      isInvalid={!!error}
      isRequired
      data-testid="session-picker"
    >
      <Label>{t('prereg.session')}</Label>
      <div className="combo-group">
        <Input className="combo-input" placeholder={t('prereg.sessionPlaceholder')} />
        <Button className="combo-button" aria-label={t('prereg.showSessions')}>
          <span aria-hidden="true">▾</span>
        </Button>
      </div>
      {error ? (
        <Text slot="errorMessage" className="field-error">
          {error}
        </Text>
      ) : (
        <Text slot="description" className="small muted">
          {t('prereg.sessionHint')}
        </Text>
      )}
      <Popover className="combo-popover" placement="bottom start">
        <ListBox<PickedSession> className="combo-list" renderEmptyState={() => <p className="muted small combo-empty">{answered ? t('prereg.noSession') : t('prereg.searchingSessions')}</p>}>
          {(s) => (
            <ListBoxItem id={s.id} textValue={optionText(s)} className="combo-option" data-testid={`option-${s.carifNumber}`}>
              <span className="combo-title">{s.actionTitle}</span>
              <span className="combo-meta small">
                {t('list.carif')} {s.carifNumber} · {s.city} ({s.department}) · {s.organisme}
              </span>
              <span className="combo-meta small">
                {s.counter ? t('prereg.optionCounter', { counter: formatCounter(s.counter) }) : t('prereg.optionNoCounter')} ·{' '}
                {s.deadline ? t('prereg.optionDeadline', { date: formatDay(s.deadline) }) : t('sessions.marketDates', { start: formatDay(s.marketStart), end: formatDay(s.marketEnd) })}
                {' · '}
                <strong className={s.applications.open ? 'open-text' : 'closed-text'}>
                  {s.applications.open ? t('applications.open') : t(`applications.why.${s.applications.reason}`)}
                </strong>
              </span>
            </ListBoxItem>
          )}
        </ListBox>
        {found.total > found.rows.length ? <p className="muted small combo-more">{t('prereg.moreSessions', { count: found.total - found.rows.length })}</p> : null}
      </Popover>
    </ComboBox>
  );
}
