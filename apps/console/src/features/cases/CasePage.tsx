import { useState } from 'react';
import { useQuery } from 'urql';
import { FailureNotice } from '../../components/forms';
import { Section } from '../../components/inputs';
import { Page } from '../../components/Page';
import { type Me } from '../../app/navigation';
import { Link } from '../../app/router';
import { useI18n } from '../../i18n/i18n';
import { organisationName } from '../../lib/enums';
import { toFailure } from '../../lib/graphql-errors';
import { ConsentPanel } from '../consents/ConsentPanel';
import { DostIntakePanel } from '../intake/DostIntakePanel';
import { CaseNotesPanel } from '../notes/CaseNotesPanel';
import { ProtectionOrdersPanel } from '../protection/ProtectionOrdersPanel';
import { RiskPanel } from '../risk/RiskPanel';
import { SafetyPlanPanel } from '../risk/SafetyPlanPanel';
import { BreakGlassPanel, type BreakGlassCase } from './BreakGlassPanel';
import { CaseWorkersPanel } from './CaseWorkersPanel';
import { ClosurePanel } from './ClosurePanel';
import {
  AccessLogQuery,
  CaseQuery,
  CaseReferralsQuery,
  CaseTimelineQuery,
  DirectoryQuery,
} from './case.operations';

/** One case as the API shows it to this person (its data profile decides which fields arrive at all). */
export function CasePage({ caseId, me }: { caseId: string; me: Me }) {
  const i18n = useI18n();
  const { t, tEnum, dateTime, date } = i18n;
  const [caseResult, refetchCase] = useQuery({
    query: CaseQuery,
    variables: { id: caseId },
    requestPolicy: 'cache-and-network',
  });
  const [referrals, refetchReferrals] = useQuery({
    query: CaseReferralsQuery,
    variables: { caseId },
    requestPolicy: 'cache-and-network',
  });
  const [timeline, refetchTimeline] = useQuery({
    query: CaseTimelineQuery,
    variables: { caseId },
    requestPolicy: 'cache-and-network',
  });
  const [accessLog] = useQuery({
    query: AccessLogQuery,
    variables: { subjectId: caseId },
    requestPolicy: 'network-only',
  });
  const [directory] = useQuery({ query: DirectoryQuery, variables: {} });
  const orgName = (id: string): string => {
    const org = directory.data?.organisations.find((o) => o.id === id);
    return org ? organisationName(org, i18n.language) : t('common.otherOrganisation');
  };
  const refreshAll = (): void => {
    refetchCase({ requestPolicy: 'network-only' });
    refetchReferrals({ requestPolicy: 'network-only' });
    refetchTimeline({ requestPolicy: 'network-only' });
  };

  const [emergency, setEmergency] = useState<BreakGlassCase | null>(null);

  const caseFailure = caseResult.error ? toFailure(caseResult.error) : null;
  // Emergency access is offered only when the API itself refused the case (not found for you, or forbidden).
  const refused = caseFailure?.kind === 'notFound' || caseFailure?.kind === 'forbidden';
  const c = caseResult.data?.case ?? emergency;
  if (!c) {
    return (
      <Page title={t('case.title')}>
        {caseResult.fetching ? <p role="status">{t('common.loading')}</p> : null}
        <FailureNotice failure={caseFailure} onRetry={refreshAll} />
        {refused ? <BreakGlassPanel caseId={caseId} onOpened={setEmergency} /> : null}
      </Page>
    );
  }
  const underEmergency = !caseResult.data?.case && emergency !== null;
  const owner = c.access === 'OWNER';
  const person = c.survivor;
  const summary: [string, string][] = [
    [t('case.caseCode'), c.caseCode ?? t('common.notShown')],
    [t('case.status'), tEnum('CaseStatus', c.status)],
    [t('case.category'), tEnum('CaseCategory', c.category)],
    [t('case.riskLevel'), tEnum('RiskLevel', c.riskLevel)],
    [t('case.region'), c.region ?? t('common.notShown')],
    [t('case.openedAt'), c.openedAt ? dateTime(c.openedAt) : t('common.notShown')],
    [t('case.incidentDate'), c.incidentDate ? date(c.incidentDate) : t('common.notRecorded')],
    [t('case.incidentPlace'), tEnum('IncidentPlaceType', c.incidentPlaceType)],
    [
      t('case.child'),
      c.isChild === null || c.isChild === undefined
        ? t('common.notShown')
        : c.isChild
          ? t('common.yes')
          : t('common.no'),
    ],
    [t('case.dataProfile'), tEnum('DataProfile', c.dataProfile)],
    [t('case.access'), tEnum('CaseAccessKind', c.access)],
  ];
  const personal: [string, string | null | undefined][] = person
    ? [
        [t('person.fullName'), person.fullName],
        [t('person.dateOfBirth'), person.dateOfBirth ? date(person.dateOfBirth) : null],
        [t('person.phone'), person.phone],
        [t('person.address'), person.address],
        [t('person.narrative'), person.narrative],
        [t('person.healthNotes'), person.healthNotes],
      ]
    : [];

  return (
    <Page
      title={t('case.titleWithCode', { code: c.caseCode ?? '' })}
      actions={
        <>
          <button type="button" className="button button-secondary" onClick={refreshAll}>
            {t('common.refresh')}
          </button>
          {owner && c.status === 'OPEN' ? (
            <Link className="button" to={{ name: 'refer', caseId }}>
              {t('case.refer')}
            </Link>
          ) : null}
        </>
      }
    >
      {underEmergency ? (
        <p className="notice" role="status">
          {t('breakGlass.opened')}
        </p>
      ) : null}
      <Section title={t('case.summary')}>
        <dl className="summary">
          {summary.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </Section>

      {person ? (
        <Section title={t('case.person')}>
          <dl className="summary">
            {personal
              .filter(([, v]) => v !== null && v !== undefined && v !== '')
              .map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
          </dl>
        </Section>
      ) : null}

      {/* Emergency access is for this one read: the case's referrals, consents and logs stay closed to this person. */}
      {underEmergency ? null : (
        <>
          <Section title={t('case.referrals')}>
            <FailureNotice failure={referrals.error ? toFailure(referrals.error) : null} />
            {referrals.data && referrals.data.caseReferrals.length === 0 ? (
              <p>{t('case.noReferrals')}</p>
            ) : null}
            {referrals.data && referrals.data.caseReferrals.length > 0 ? (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('referral.service')}</th>
                    <th scope="col">{t('referral.to')}</th>
                    <th scope="col">{t('referral.status')}</th>
                    <th scope="col">{t('referral.responseDue')}</th>
                  </tr>
                </thead>
                <tbody>
                  {referrals.data.caseReferrals.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <Link to={{ name: 'referral', referralId: r.id }}>
                          {tEnum('ServiceType', r.serviceType)}
                        </Link>
                      </td>
                      <td>{orgName(r.toOrganisationId)}</td>
                      <td>{tEnum('ReferralStatus', r.status)}</td>
                      <td>{dateTime(r.responseDueAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </Section>

          <CaseWorkersPanel caseId={caseId} me={me} />

          {owner && c.status ? (
            <ClosurePanel caseId={caseId} status={c.status} version={c.version} onChanged={refreshAll} />
          ) : null}

          <RiskPanel
            caseId={caseId}
            owner={owner}
            owningOrganisationId={c.owningOrganisationId}
            status={c.status}
            caseRiskLevel={c.riskLevel}
            organisationName={orgName}
            onChanged={refreshAll}
          />

          <SafetyPlanPanel caseId={caseId} owner={owner} ownOrganisationId={me.organisation.id} />

          <ProtectionOrdersPanel
            caseId={caseId}
            owner={owner}
            status={c.status}
            organisationName={orgName}
            onChanged={refreshAll}
          />

          {owner ? <DostIntakePanel caseId={caseId} /> : null}

          {owner ? (
            <ConsentPanel
              caseId={caseId}
              referrals={referrals.data?.caseReferrals ?? []}
              organisationName={orgName}
              onChanged={refreshAll}
            />
          ) : null}

          <CaseNotesPanel
            caseId={caseId}
            staffOrganisationId={owner ? (c.owningOrganisationId ?? null) : null}
          />

          <Section title={t('case.timeline')}>
            <FailureNotice failure={timeline.error ? toFailure(timeline.error) : null} />
            {timeline.data ? (
              <ol className="timeline">
                {timeline.data.caseTimeline.map((e) => (
                  <li key={e.id}>
                    <time dateTime={e.occurredAt}>{dateTime(e.occurredAt)}</time> ·{' '}
                    {tEnum('TimelineKind', e.kind)} · {orgName(e.organisationId)}
                  </li>
                ))}
              </ol>
            ) : null}
          </Section>

          {accessLog.data ? (
            <Section title={t('case.accessLog')}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.when')}</th>
                    <th scope="col">{t('audit.action')}</th>
                    <th scope="col">{t('audit.organisation')}</th>
                    <th scope="col">{t('audit.fields')}</th>
                    <th scope="col">{t('audit.breakGlass')}</th>
                  </tr>
                </thead>
                <tbody>
                  {accessLog.data.accessLog.map((a) => (
                    <tr key={a.id}>
                      <td>{dateTime(a.occurredAt)}</td>
                      <td>{a.action}</td>
                      <td>{orgName(a.organisationId)}</td>
                      <td>{a.fields.join(', ')}</td>
                      <td>{a.breakGlass ? t('common.yes') : t('common.no')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>
          ) : null}
        </>
      )}
    </Page>
  );
}
