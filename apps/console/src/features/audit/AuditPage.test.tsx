import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fakeClient, renderWith } from '../../test/render';
import { AuditPage } from './AuditPage';

const CHAIN = '66666666-6666-4666-8666-666666666666';
const report = (over: Record<string, unknown> = {}) => ({
  verifyAuditChain: {
    intact: true,
    chainsChecked: 8,
    eventsChecked: 1204,
    checkpointStatus: 'VERIFIED',
    checkpointTakenAt: '2026-12-07T06:00:00Z',
    breaks: [],
    ...over,
  },
});

describe('Audit trail', () => {
  it('verifies only when asked, then says the trail is intact and the checkpoint matches', async () => {
    const user = userEvent.setup();
    const { client, calls } = fakeClient((c) =>
      c.name === 'VerifyAuditChain' ? { data: report() } : 'pending',
    );
    renderWith(<AuditPage />, client);
    expect(calls).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Verify the audit trail' }));
    expect(await screen.findByText('The audit trail is intact.')).toBeTruthy();
    expect(screen.getByText('8 chains and 1,204 records checked.')).toBeTruthy();
    expect(screen.getByText('The latest signed checkpoint matches the trail.')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: /Broken chains/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Verify again' }));
    expect(calls.filter((c) => c.name === 'VerifyAuditChain').length).toBeGreaterThanOrEqual(2);
  });

  it('lists each broken chain with its record number and reason, and an invalid checkpoint', async () => {
    const user = userEvent.setup();
    const { client } = fakeClient(() => ({
      data: report({
        intact: false,
        checkpointStatus: 'INVALID',
        checkpointTakenAt: null,
        breaks: [
          { chainId: CHAIN, seq: 41, reason: 'hash-mismatch', eventId: null },
          { chainId: 'lane-2', seq: 7, reason: 'seq-gap', eventId: null },
        ],
      }),
    }));
    renderWith(<AuditPage />, client);
    await user.click(screen.getByRole('button', { name: 'Verify the audit trail' }));
    expect(await screen.findByText(/The audit trail is broken/)).toBeTruthy();
    expect(screen.getByText(/edited or forged/)).toBeTruthy();
    const rows = within(screen.getByRole('table'))
      .getAllByRole('row')
      .slice(1)
      .map((r) =>
        within(r)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      );
    expect(rows).toEqual([
      [CHAIN, '41', 'A record was changed after it was written. hash-mismatch'],
      ['lane-2', '7', 'A record is missing. seq-gap'],
    ]);
  });

  it('shows the refusal plainly to someone who is not an auditor', async () => {
    const user = userEvent.setup();
    const { client } = fakeClient(() => ({
      error: new CombinedError({
        graphQLErrors: [new GraphQLError('x', { extensions: { code: 'FORBIDDEN' } })],
      }),
    }));
    renderWith(<AuditPage />, client, 'ru');
    await user.click(screen.getByRole('button', { name: 'Проверить журнал аудита' }));
    expect((await screen.findByRole('alert')).textContent).toContain('У вас нет права на это действие.');
    expect(screen.queryByText('Журнал аудита цел.')).toBeNull();
  });
});
