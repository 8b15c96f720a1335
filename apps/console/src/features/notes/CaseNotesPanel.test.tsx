import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { fakeClient, renderWith } from '../../test/render';
import { CaseNotesPanel } from './CaseNotesPanel';

const CASE = '44444444-4444-4444-8444-444444444444';
const ORG = '55555555-5555-4555-8555-555555555555';
const STAFF = '66666666-6666-4666-8666-666666666666';
const gqlError = (extensions: Record<string, unknown>) =>
  new CombinedError({ graphQLErrors: [new GraphQLError('x', { extensions })] });
const note = {
  id: 'n1',
  caseId: CASE,
  authorId: STAFF,
  body: 'Called back.\nShe is safe tonight.',
  createdAt: '2026-12-06T18:00:00Z',
};

describe('Case notes', () => {
  it('says the notes stay in the organisation, lists them with their author, and adds one', async () => {
    const user = userEvent.setup();
    const notes = [note];
    const { client, calls } = fakeClient((c) => {
      if (c.name === 'CaseNotes') return { data: { caseNotes: [...notes] } };
      if (c.name === 'StaffNames')
        return { data: { staffMembers: [{ id: STAFF, displayName: 'Leyla Həsənova' }] } };
      const added = { ...note, id: 'n2', body: 'Shelter place found.' };
      notes.push(added);
      return { data: { addCaseNote: added } };
    });
    renderWith(<CaseNotesPanel caseId={CASE} staffOrganisationId={ORG} />, client, 'ru');
    expect(await screen.findByText(/Заметки остаются внутри вашей организации/)).toBeTruthy();
    const list = await screen.findByRole('list');
    expect(list.textContent).toContain('Leyla Həsənova');
    expect(list.textContent).toContain('She is safe tonight.');
    await user.type(screen.getByRole('textbox', { name: 'Новая заметка' }), 'Shelter place found.');
    await user.click(screen.getByRole('button', { name: 'Добавить заметку' }));
    expect(await screen.findByText('Заметка добавлена.')).toBeTruthy();
    expect(calls.find((c) => c.name === 'AddCaseNote')?.variables.input).toMatchObject({
      caseId: CASE,
      body: 'Shelter place found.',
    });
    expect(await within(screen.getByRole('list')).findByText('Shelter place found.')).toBeTruthy();
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Новая заметка' }).value).toBe('');
  });

  it('sends nothing empty, keeps the text when the network fails and retries with the same key', async () => {
    const user = userEvent.setup();
    let attempts = 0;
    const { client, calls } = fakeClient((c) => {
      if (c.name === 'CaseNotes') return { data: { caseNotes: [] } };
      attempts += 1;
      return attempts === 1
        ? { error: new CombinedError({ networkError: new Error('down') }) }
        : { data: { addCaseNote: { ...note, body: 'x' } } };
    });
    renderWith(<CaseNotesPanel caseId={CASE} staffOrganisationId={null} />, client);
    await screen.findByText('Your organisation has no notes on this case yet.');
    expect(calls.some((c) => c.name === 'StaffNames')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Add the note' }));
    expect(
      within(await screen.findByRole('alert')).getByRole('link', { name: 'Check “New note”' }),
    ).toBeTruthy();
    expect(calls.some((c) => c.name === 'AddCaseNote')).toBe(false);

    await user.type(screen.getByRole('textbox', { name: 'New note' }), 'Follow up on Monday');
    await user.click(screen.getByRole('button', { name: 'Add the note' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The service could not be reached.');
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'New note' }).value).toBe(
      'Follow up on Monday',
    );
    await user.click(screen.getByRole('button', { name: 'Add the note' }));
    await screen.findByText('The note was added.');
    const keys = calls
      .filter((c) => c.name === 'AddCaseNote')
      .map((c) => (c.variables.input as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('shows nothing when the API refuses the notes of this case', async () => {
    const { client, calls } = fakeClient(() => ({ error: gqlError({ code: 'FORBIDDEN' }) }));
    const { container } = renderWith(<CaseNotesPanel caseId={CASE} staffOrganisationId={null} />, client);
    await vi.waitFor(() => expect(calls.some((c) => c.name === 'CaseNotes')).toBe(true));
    expect(container.textContent).toBe('');
  });
});
