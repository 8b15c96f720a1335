import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeClient, renderWith } from '../test/render';
import { type OrganisationType, type StaffRole } from '../gql/graphql';
import { MeGate } from './MeGate';
import { sectionsFor, type Me } from './navigation';
import { Shell } from './Shell';

const me = (roles: StaffRole[], type: OrganisationType = 'DOST_CENTER'): Me => ({
  id: '11111111-1111-4111-8111-111111111111',
  displayName: 'Leyla Mammadova',
  roles,
  supervisorId: null,
  organisation: { id: '22222222-2222-4222-8222-222222222222', name: 'DOST Baku', type },
});

function navLinks(): string[] {
  const nav = screen.getByRole('navigation', { name: 'Main' });
  return within(nav)
    .getAllByRole('link')
    .map((a) => a.textContent ?? '');
}

describe('navigation by role (from me)', () => {
  beforeEach(() => {
    // jsdom does not scroll (the Shell scrolls to the top on each screen)
    vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined);
  });

  it.each([
    [['CASE_MANAGER'], 'DOST_CENTER', ['Inbox', 'Caseload', 'Open a case', 'Notifications']],
    [['AGENCY_OFFICER'], 'SSA', ['Inbox', 'Notifications']],
    [['MONITORING_OFFICER'], 'MONITORING_GROUP', ['Inbox', 'Monitoring', 'Notifications']],
    [['AUDITOR'], 'COORDINATOR', ['Audit trail', 'Notifications']],
    [['ORGANISATION_ADMIN'], 'DOST_CENTER', ['Administration', 'Notifications']],
    [['ADMINISTRATOR'], 'COORDINATOR', ['Administration', 'Notifications']],
    [['SUPERVISOR'], 'DOST_CENTER', ['Inbox', 'Caseload', 'Administration', 'Notifications']],
  ] as [StaffRole[], OrganisationType, string[]][])('%s at a %s sees %j', (roles, type, links) => {
    renderWith(
      <Shell me={me(roles, type)} route={{ name: 'inbox' }} onSignOut={() => undefined}>
        <p>screen</p>
      </Shell>,
      fakeClient(() => 'pending').client,
    );
    expect(navLinks()).toEqual(links);
    expect(screen.getByText('Leyla Mammadova, DOST Baku')).toBeTruthy();
  });

  it('offers organisations only to the coordinator’s administrators, staff to organisation administrators', () => {
    expect(sectionsFor(me(['ADMINISTRATOR'], 'COORDINATOR'))).toContain('organisations');
    expect(sectionsFor(me(['ADMINISTRATOR'], 'DOST_CENTER'))).not.toContain('organisations');
    expect(sectionsFor(me(['ORGANISATION_ADMIN']))).toEqual(['staff', 'webhooks', 'notifications']);
    expect(sectionsFor(me(['CASE_MANAGER']))).not.toContain('staff');
    expect(sectionsFor(me([]))).toEqual([]);
  });

  it('marks the current section', () => {
    renderWith(
      <Shell me={me(['ORGANISATION_ADMIN'])} route={{ name: 'staff' }} onSignOut={() => undefined}>
        <p>screen</p>
      </Shell>,
      fakeClient(() => 'pending').client,
    );
    expect(screen.getByRole('link', { name: 'Administration' }).getAttribute('aria-current')).toBe('page');
  });
});

describe('MeGate', () => {
  it('a member without any role gets a plain no-access screen with sign-out, not the console', async () => {
    const user = userEvent.setup();
    const { client } = fakeClient(() => ({ data: { me: { ...me([]), preferredLanguage: 'EN' } } }));
    const signOut = vi.fn();
    renderWith(
      <MeGate onSignOut={signOut} onRefused={() => undefined}>
        {() => <p>the console</p>}
      </MeGate>,
      client,
    );
    expect(await screen.findByRole('heading', { name: 'You have no role in this system yet' })).toBeTruthy();
    expect(screen.queryByText('the console')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(signOut).toHaveBeenCalledOnce();
  });

  it('a refused token ends the session (the same path as every other refusal)', async () => {
    const { CombinedError } = await import('@urql/core');
    const { GraphQLError } = await import('graphql');
    const { client } = fakeClient(() => ({
      error: new CombinedError({
        graphQLErrors: [new GraphQLError('x', { extensions: { code: 'UNAUTHENTICATED' } })],
      }),
    }));
    const refused = vi.fn();
    renderWith(
      <MeGate onSignOut={() => undefined} onRefused={refused}>
        {() => <p>the console</p>}
      </MeGate>,
      client,
    );
    await vi.waitFor(() => expect(refused).toHaveBeenCalled());
    expect(screen.queryByText('the console')).toBeNull();
  });

  it('gives the screens the member once known', async () => {
    const { client, calls } = fakeClient(() => ({
      data: { me: { ...me(['CASE_MANAGER']), preferredLanguage: 'AZ' } },
    }));
    renderWith(
      <MeGate onSignOut={() => undefined} onRefused={() => undefined}>
        {(m) => <p>{`console for ${m.roles.join()}`}</p>}
      </MeGate>,
      client,
    );
    expect(await screen.findByText('console for CASE_MANAGER')).toBeTruthy();
    expect(calls.map((c) => c.name)).toEqual(['Me']);
  });
});
