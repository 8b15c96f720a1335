import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { type Me } from '../../app/navigation';
import { fakeClient, renderWith, type Call } from '../../test/render';
import { CaseWorkersPanel } from './CaseWorkersPanel';

const CASE = '44444444-4444-4444-8444-444444444444';
const ORG = '55555555-5555-4555-8555-555555555555';
const OTHER_ORG = '55555555-5555-4555-8555-666666666666';
const ALI = '66666666-6666-4666-8666-000000000001';
const LEYLA = '66666666-6666-4666-8666-000000000002';
const NIGAR = '66666666-6666-4666-8666-000000000003';
const FAR = '66666666-6666-4666-8666-000000000004';
const gqlError = (extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('x', { extensions })] });
const me = (roles: Me['roles']): Me => ({
  id: '66666666-6666-4666-8666-999999999999',
  displayName: 'Me',
  roles,
  organisation: { id: ORG, name: 'Centre', type: 'NGO' },
});
const worker = (staffId: string, displayName: string, organisationId = ORG) => ({
  staffId,
  displayName,
  organisationId,
  assignedAt: '2026-03-01T09:00:00Z',
});
const staff = [
  { id: ALI, displayName: 'Ali Aliyev', active: true, roles: ['CASE_MANAGER'] },
  { id: LEYLA, displayName: 'Leyla Mammadova', active: true, roles: ['LAWYER'] },
  { id: NIGAR, displayName: 'Nigar Hasanova', active: false, roles: ['LAWYER'] },
];
const reads =
  (workers: () => unknown[], mutation: (c: Call) => { data?: unknown; error?: CombinedError }) =>
  (c: Call) => {
    if (c.name === 'CaseWorkers') return { data: { case: { id: CASE, assignedWorkers: workers() } } };
    if (c.name === 'AssignableStaff') return { data: { staffMembers: staff } };
    return mutation(c);
  };

describe('Case workers', () => {
  it('lists the workers; a supervisor assigns an active member not yet on the case and releases one', async () => {
    const user = userEvent.setup();
    let list = [worker(ALI, 'Ali Aliyev'), worker(FAR, 'Partner worker', OTHER_ORG)];
    const { client, calls } = fakeClient(
      reads(
        () => list,
        (c) => {
          const input = c.variables.input as { staffId: string };
          if (c.name === 'AssignCase') {
            list = [...list, worker(input.staffId, 'Leyla Mammadova')];
            return { data: { assignCase: { caseId: CASE, organisationId: ORG, workerIds: [ALI, LEYLA] } } };
          }
          list = list.filter((w) => w.staffId !== input.staffId);
          return { data: { unassignCase: { caseId: CASE, organisationId: ORG, workerIds: [LEYLA] } } };
        },
      ),
    );
    renderWith(<CaseWorkersPanel caseId={CASE} me={me(['SUPERVISOR'])} />, client);
    const rows = await screen.findAllByTestId('case-worker');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('Ali Aliyev'),
      expect.stringContaining('Partner worker · another organisation'),
    ]);
    // Only your own organisation's workers can be released here.
    expect(within(rows[1] as HTMLElement).queryByRole('button')).toBeNull();
    expect(calls.find((c) => c.name === 'AssignableStaff')?.variables).toEqual({ organisationId: ORG });
    const select = screen.getByRole('combobox', { name: /Member of your organisation/ });
    // Already a worker (Ali) and inactive (Nigar) are not offered.
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Choose a member', 'Leyla Mammadova']);
    await user.click(screen.getByRole('button', { name: 'Assign to the case' }));
    expect(screen.getByRole('alert').textContent).toContain('Member of your organisation');
    expect(calls.some((c) => c.name === 'AssignCase')).toBe(false);
    await user.selectOptions(select, 'Leyla Mammadova');
    await user.click(screen.getByRole('button', { name: 'Assign to the case' }));
    expect(calls.find((c) => c.name === 'AssignCase')?.variables).toEqual({
      input: { caseId: CASE, staffId: LEYLA },
    });
    expect((await screen.findByRole('status')).textContent).toBe('The member was assigned to the case.');
    await screen.findByText('Leyla Mammadova', { selector: 'td' });
    await user.click(screen.getByRole('button', { name: /^Release from the case\s*·\s*Ali Aliyev$/ }));
    expect(calls.find((c) => c.name === 'UnassignCase')?.variables).toEqual({
      input: { caseId: CASE, staffId: ALI },
    });
    expect((await screen.findByRole('status')).textContent).toBe('The member was released from the case.');
  });

  it('says plainly that the last worker stays (CONFLICT) and who may assign (FORBIDDEN), in Azerbaijani too', async () => {
    const user = userEvent.setup();
    const { client } = fakeClient(
      reads(
        () => [worker(ALI, 'Ali Aliyev')],
        (c) =>
          c.name === 'UnassignCase'
            ? { error: gqlError({ code: 'CONFLICT' }) }
            : { error: gqlError({ code: 'FORBIDDEN' }) },
      ),
    );
    renderWith(<CaseWorkersPanel caseId={CASE} me={me(['ORGANISATION_ADMIN'])} />, client, 'az');
    await user.click(await screen.findByRole('button', { name: /^İşdən azad et/ }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Bu, bağlanmamış işdə sahib təşkilatın sonuncu əməkdaşıdır: əvvəlcə başqasını təyin edin.',
    );
    await user.selectOptions(screen.getByRole('combobox'), 'Leyla Mammadova');
    await user.click(screen.getByRole('button', { name: 'İşə təyin et' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'İşin əməkdaşlarını yalnız bu təşkilatın supervayzeri və ya təşkilat administratoru təyin edə və ya azad edə bilər.',
    );
    // The choice is kept for another try.
    expect(screen.getByRole<HTMLSelectElement>('combobox').value).toBe(LEYLA);
  });

  it('lists without assignment controls for a case worker, and never asks for the staff list', async () => {
    const { client, calls } = fakeClient(
      reads(
        () => [worker(ALI, 'Ali Aliyev')],
        () => ({}),
      ),
    );
    renderWith(<CaseWorkersPanel caseId={CASE} me={me(['CASE_MANAGER'])} />, client);
    await screen.findAllByTestId('case-worker');
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(calls.some((c) => c.name === 'AssignableStaff')).toBe(false);
  });
});
