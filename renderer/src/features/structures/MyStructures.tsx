import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ManagementProfile } from '../../../../shared/domain/vocabulary';
import type { Member, MembershipRequest } from '../../../../shared/protocol/accounts';
import type { Membership } from '../../../../shared/protocol/entities';
import { invoke, toErrorData } from '../../api';
import { useAuth } from '../../stores/auth-store';
import { downloadFile, formatDateTime } from '../../format';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ConnectionRequired, useOnline } from '../../components/OnlineOnly';
import { SuitcaseIcon } from '../../components/Icons';

export function MyStructures() {
  const { t } = useTranslation();
  const state = useAuth((s) => s.state)!;
  return (
    <section className="page" aria-labelledby="structures-title">
      <header className="page-header">
        <h1 id="structures-title">{t('structures.title')}</h1>
        <p className="muted">{t('structures.subtitle')}</p>
      </header>
      <div className="card">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('structures.col.structure')}</th>
              <th scope="col">{t('structures.col.siret')}</th>
              <th scope="col">{t('structures.col.kind')}</th>
              <th scope="col">{t('structures.col.profile')}</th>
              <th scope="col">{t('structures.col.parcoursPro')}</th>
            </tr>
          </thead>
          <tbody>
            {state.memberships.map((m) => (
              <tr key={m.structure.id} className={m.structure.id === state.activeStructureId ? 'highlight' : undefined}>
                <td>
                  {m.structure.name}
                  {m.referent ? <span className="referent-star" title={t('structures.referent')} aria-label={t('structures.referent')}> ★</span> : null}
                </td>
                <td>{m.structure.siret}</td>
                <td>{t(`structureKind.${m.structure.kind}`)}</td>
                <td>{m.profile ? t(`profile.${m.profile}`) : t('profile.none')}</td>
                <td className="small">{m.parcoursProProfiles.map((p) => t(`parcoursPro.${p}`)).join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {state.memberships
        .filter((m) => m.referent)
        .map((m) => (
          <ReferentTools key={m.structure.id} membership={m} selfId={state.user?.id ?? ''} />
        ))}
    </section>
  );
}

function ReferentTools({ membership, selfId }: { membership: Membership; selfId: string }) {
  const { t } = useTranslation();
  const online = useOnline();
  const structureId = membership.structure.id;
  const [members, setMembers] = useState<Member[] | null>(null);
  const [requests, setRequests] = useState<MembershipRequest[] | null>(null);
  const [error, setError] = useState<{ message: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const profiles = ManagementProfile.options.filter((p) => (membership.structure.kind === 'PRESCRIPTEUR' ? p.startsWith('PRESCRIPTEUR') : p.startsWith('OF_')));

  const load = useCallback(async () => {
    if (!online) return;
    try {
      const [m, r] = await Promise.all([invoke('referent.members', { structureId }), invoke('referent.requests', { structureId })]);
      setMembers(m);
      setRequests(r);
      setError(null);
    } catch (e) {
      setError(toErrorData(e));
    }
  }, [online, structureId]);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(run: () => Promise<unknown>, message: string) {
    setError(null);
    setNotice(null);
    try {
      await run();
      setNotice(message);
      await load();
    } catch (e) {
      setError(toErrorData(e));
    }
  }

  return (
    <div className="card referent-tools" data-testid={`referent-${structureId}`}>
      <header className="card-header">
        <h2>{t('structures.referentTools', { name: membership.structure.name })}</h2>
        <button type="button" className="btn btn-small" disabled={!online} onClick={() => void act(async () => downloadFile(await invoke('referent.exportMembers', { structureId })), t('structures.exported'))}>
          {t('structures.exportMembers')}
        </button>
      </header>
      <ConnectionRequired />
      <ErrorMessage error={error} />
      {notice ? <p className="success" role="status">{notice}</p> : null}
      <h3>{t('structures.requests')}</h3>
      {requests && requests.filter((r) => r.status === 'EN_ATTENTE').length === 0 ? <p className="muted">{t('structures.noRequests')}</p> : null}
      <ul className="request-list">
        {requests
          ?.filter((r) => r.status === 'EN_ATTENTE')
          .map((r) => (
            <RequestRow
              key={r.id}
              request={r}
              profiles={profiles}
              disabled={!online}
              onDecide={(accept, profile) =>
                void act(() => invoke('referent.decideRequest', { structureId, requestId: r.id, accept, profile }), accept ? t('structures.accepted') : t('structures.refused'))
              }
            />
          ))}
      </ul>
      <h3>{t('structures.members')}</h3>
      {members ? (
        <table className="data-table" data-testid="members-table">
          <thead>
            <tr>
              <th scope="col">{t('structures.col.member')}</th>
              <th scope="col">{t('structures.col.email')}</th>
              <th scope="col">{t('structures.col.rights')}</th>
              <th scope="col">{t('structures.col.profile')}</th>
              <th scope="col">{t('structures.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId} data-testid={`member-${m.email}`}>
                <td>
                  {m.firstName} {m.lastName}
                  {m.referent ? <span className="referent-star" title={t('structures.referent')} aria-label={t('structures.referent')}> ★</span> : null}
                  {m.employer ? <SuitcaseIcon label={t('structures.employer')} /> : null}
                </td>
                <td>{m.email}</td>
                <td>
                  <span className={m.hasRights ? 'rights yes' : 'rights no'} title={m.hasRights ? t('structures.hasRights') : t('structures.noRights')} aria-label={m.hasRights ? t('structures.hasRights') : t('structures.noRights')}>
                    {m.hasRights ? '✔' : '✖'}
                  </span>
                </td>
                <td>
                  <label className="sr-only" htmlFor={`profile-${m.userId}`}>
                    {t('structures.profileFor', { name: `${m.firstName} ${m.lastName}` })}
                  </label>
                  <select
                    id={`profile-${m.userId}`}
                    value={m.profile ?? ''}
                    disabled={!online}
                    onChange={(e) => {
                      const profile = e.target.value ? ManagementProfile.parse(e.target.value) : null;
                      void act(() => invoke('referent.setProfile', { structureId, userId: m.userId, profile }), t('structures.profileSaved', { name: `${m.firstName} ${m.lastName}` }));
                    }}
                  >
                    <option value="">{t('profile.none')}</option>
                    {profiles.map((p) => (
                      <option key={p} value={p}>
                        {t(`profile.${p}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button
                    type="button"
                    className="btn btn-small btn-danger-outline"
                    disabled={!online || m.userId === selfId}
                    title={m.userId === selfId ? t('structures.noSelfDetach') : undefined}
                    onClick={() => {
                      if (window.confirm(t('structures.detachConfirm', { name: `${m.firstName} ${m.lastName}` }))) {
                        void act(() => invoke('referent.detach', { structureId, userId: m.userId }), t('structures.detached'));
                      }
                    }}
                  >
                    {t('structures.detach')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : online ? (
        <p className="muted">{t('app.loading')}</p>
      ) : null}
    </div>
  );
}

function RequestRow({ request, profiles, disabled, onDecide }: { request: MembershipRequest; profiles: ManagementProfile[]; disabled: boolean; onDecide: (accept: boolean, profile: ManagementProfile | null) => void }) {
  const { t } = useTranslation();
  const [profile, setProfile] = useState<ManagementProfile | ''>('');
  return (
    <li className="request-row">
      <span>
        <strong>
          {request.firstName} {request.lastName}
        </strong>{' '}
        · {request.email} · {t(`requestKind.${request.kind}`)} · {formatDateTime(request.createdAt)}
      </span>
      <label className="field inline">
        <span>{t('structures.profileOnAccept')}</span>
        <select aria-label={t('structures.profileOnAccept')} value={profile} disabled={disabled} onChange={(e) => setProfile(e.target.value ? ManagementProfile.parse(e.target.value) : '')}>
          <option value="">{t('profile.none')}</option>
          {profiles.map((p) => (
            <option key={p} value={p}>
              {t(`profile.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn btn-small btn-primary" disabled={disabled} onClick={() => onDecide(true, profile || null)}>
        {t('structures.accept')}
      </button>
      <button type="button" className="btn btn-small" disabled={disabled} onClick={() => onDecide(false, null)}>
        {t('structures.refuse')}
      </button>
    </li>
  );
}
