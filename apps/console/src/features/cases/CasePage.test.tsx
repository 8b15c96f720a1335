import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fakeClient, renderWith, type Call } from '../../test/render';
import { CasePage } from './CasePage';

const CASE = '44444444-4444-4444-8444-444444444444';
const ORG = '55555555-5555-4555-8555-555555555555';
const ME = {
  id: '66666666-6666-4666-8666-666666666666',
  displayName: 'Case Manager',
  roles: ['CASE_MANAGER' as const],
  organisation: { id: ORG, name: 'Centre', type: 'NGO' as const },
};
const gqlError = (extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('x', { extensions })] });

const theCase = (over: Record<string, unknown> = {}) => ({
  id: CASE,
  caseCode: 'NRM-7F3K9Q2M',
  access: 'OWNER',
  dataProfile: 'FULL',
  category: 'DOMESTIC_VIOLENCE',
  status: 'OPEN',
  riskLevel: 'MEDIUM',
  isChild: false,
  region: 'Baku',
  openedAt: '2026-03-01T09:00:00Z',
  closedAt: null,
  incidentDate: null,
  incidentPlaceType: null,
  owningOrganisationId: ORG,
  version: 3,
  survivor: null,
  ...over,
});

/** The case page's reads, with the case answered by `caseAnswer` and the rest empty. */
const reads =
  (
    caseAnswer: () => { data?: unknown; error?: CombinedError },
    mutation: (c: Call) => { data?: unknown; error?: CombinedError },
  ) =>
  (c: Call) => {
    switch (c.name) {
      case 'CasePage':
        return caseAnswer();
      case 'CaseReferrals':
        return { data: { caseReferrals: [] } };
      case 'CaseTimeline':
        return { data: { caseTimeline: [] } };
      case 'CaseConsents':
        return { data: { caseConsents: [] } };
      case 'Directory':
        return { data: { organisations: [] } };
      case 'CaseAccessLog':
        return { error: gqlError({ code: 'FORBIDDEN' }) };
      case 'DostIntake':
      case 'RiskInstrument':
      case 'RiskAssessments':
      case 'StaffNames':
      case 'ProtectionOrders':
      case 'CaseNotes':
      case 'CaseWorkers':
      case 'SafetyPlan':
        return { error: gqlError({ code: 'NOT_FOUND' }) };
      default:
        return mutation(c);
    }
  };

describe('Case closure', () => {
  it('asks for closure with the version the page shows, and says a supervisor approves it', async () => {
    const user = userEvent.setup();
    let status = 'OPEN';
    const { client, calls } = fakeClient(
      reads(
        () => ({ data: { case: theCase({ status, version: status === 'OPEN' ? 3 : 4 }) } }),
        (c) => {
          if (c.name !== 'RequestCaseClosure') return { error: gqlError({ code: 'INTERNAL' }) };
          status = 'CLOSURE_REQUESTED';
          return { data: { requestCaseClosure: { id: CASE, status, closedAt: null, version: 4 } } };
        },
      ),
    );
    renderWith(<CasePage caseId={CASE} me={ME} />, client);
    const panel = (await screen.findByRole('heading', { name: 'Closing the case' })).closest(
      'section',
    ) as HTMLElement;
    expect(within(panel).queryByRole('button', { name: 'Approve closure' })).toBeNull();
    await user.click(within(panel).getByRole('button', { name: 'Request closure' }));
    expect(calls.find((c) => c.name === 'RequestCaseClosure')?.variables).toEqual({
      caseId: CASE,
      expectedVersion: 3,
    });
    expect(
      await within(panel).findByText('Closure requested. A supervisor has been asked to approve it.'),
    ).toBeTruthy();
    expect(await within(panel).findByRole('button', { name: 'Approve closure' })).toBeTruthy();
    expect(within(panel).queryByRole('button', { name: 'Request closure' })).toBeNull();
  });

  it('tells the requester plainly that only another supervisor may approve (FORBIDDEN), and a stale page to refresh (CONFLICT)', async () => {
    const user = userEvent.setup();
    let answer = gqlError({ code: 'FORBIDDEN' });
    const { client, calls } = fakeClient(
      reads(
        () => ({ data: { case: theCase({ status: 'CLOSURE_REQUESTED' }) } }),
        () => ({ error: answer }),
      ),
    );
    renderWith(<CasePage caseId={CASE} me={ME} />, client);
    await user.click(await screen.findByRole('button', { name: 'Approve closure' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Only a supervisor who did not ask for the closure may approve it.',
    );
    expect(calls.filter((c) => c.name === 'ApproveCaseClosure')).toEqual([
      { name: 'ApproveCaseClosure', variables: { caseId: CASE } },
    ]);

    answer = gqlError({ code: 'CONFLICT' });
    await user.click(screen.getByRole('button', { name: 'Approve closure' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The case is not in a state where this can be done.',
    );
  });

  it('offers no closure on a case you only receive, nor on a closed one', async () => {
    const { client } = fakeClient(
      reads(
        () => ({ data: { case: theCase({ access: 'RECIPIENT' }) } }),
        () => 'pending' as never,
      ),
    );
    const { unmount } = renderWith(<CasePage caseId={CASE} me={ME} />, client);
    expect(await screen.findByRole('heading', { name: 'Case NRM-7F3K9Q2M' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Closing the case' })).toBeNull();
    unmount();
    const closed = fakeClient(
      reads(
        () => ({ data: { case: theCase({ status: 'CLOSED' }) } }),
        () => 'pending' as never,
      ),
    );
    renderWith(<CasePage caseId={CASE} me={ME} />, closed.client);
    expect(await screen.findByRole('heading', { name: 'Case NRM-7F3K9Q2M' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Closing the case' })).toBeNull();
  });
});

describe('Break-glass', () => {
  it('is offered when the case is refused, needs a justification, says it is audited, then shows the case', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient(
      reads(
        () => ({ error: gqlError({ code: 'NOT_FOUND' }) }),
        (c) =>
          c.name === 'BreakGlassReadCase'
            ? { data: { breakGlassReadCase: theCase({ access: 'BREAK_GLASS', survivor: null }) } }
            : { error: gqlError({ code: 'INTERNAL' }) },
      ),
    );
    renderWith(<CasePage caseId={CASE} me={ME} />, client);
    expect(await screen.findByText('This record was not found, or you may not see it.')).toBeTruthy();
    expect(screen.getByText(/recorded in the audit trail and reviewed by a supervisor/)).toBeTruthy();

    const box = screen.getByLabelText(/Why you need this case now/);
    await user.type(box, 'too short');
    await user.click(screen.getByRole('button', { name: 'Open with emergency access' }));
    expect(within(screen.getAllByRole('alert')[1] as HTMLElement).getByRole('link').textContent).toBe(
      'Check “Why you need this case now”',
    );
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.name === 'BreakGlassReadCase')).toBe(false);

    await user.type(box, ' — she is at the shelter door, police on site');
    await user.click(screen.getByRole('button', { name: 'Open with emergency access' }));
    expect(await screen.findByRole('heading', { name: 'Case NRM-7F3K9Q2M' })).toBeTruthy();
    expect(screen.getByText(/viewing this case with emergency access/)).toBeTruthy();
    // The access covers this read only: no sections that the API would refuse.
    expect(screen.queryByRole('heading', { name: 'Referrals' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Closing the case' })).toBeNull();
    expect(calls.find((c) => c.name === 'BreakGlassReadCase')?.variables).toEqual({
      caseId: CASE,
      justification: 'too short — she is at the shelter door, police on site',
    });
  });

  it('shows a refusal plainly and keeps the justification', async () => {
    const user = userEvent.setup();
    const { client } = fakeClient(
      reads(
        () => ({ error: gqlError({ code: 'FORBIDDEN' }) }),
        () => ({ error: gqlError({ code: 'FORBIDDEN' }) }),
      ),
    );
    renderWith(<CasePage caseId={CASE} me={ME} />, client);
    const box = await screen.findByLabelText(/Why you need this case now/);
    await user.type(box, 'A child is reported missing tonight');
    await user.click(screen.getByRole('button', { name: 'Open with emergency access' }));
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((a) => a.textContent).join(' ')).toContain('You are not allowed to do this.');
    expect((box as HTMLTextAreaElement).value).toBe('A child is reported missing tonight');
  });

  it('is not offered when the service cannot be reached', async () => {
    const { client } = fakeClient(
      reads(
        () => ({ error: new CombinedError({ networkError: new Error('down') }) }),
        () => 'pending' as never,
      ),
    );
    renderWith(<CasePage caseId={CASE} me={ME} />, client);
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Emergency access' })).toBeNull();
  });
});
