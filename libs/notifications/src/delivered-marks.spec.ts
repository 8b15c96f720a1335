import { DeliveredMarks } from './notification-delivery.activities';

describe('DeliveredMarks (accepted e-mails marked DELIVERED together)', () => {
  it('marks every id exactly once, those accepted close together in one statement', async () => {
    const calls: string[][] = [];
    const marks = new DeliveredMarks(async (ids) => {
      calls.push(ids);
      await new Promise((r) => setTimeout(r, 5));
    });
    for (const id of ['a', 'b', 'c']) marks.add(id);
    await marks.flushed();
    expect(calls).toEqual([['a', 'b', 'c']]);
    marks.add('d');
    await marks.flushed();
    expect(calls).toEqual([['a', 'b', 'c'], ['d']]);
    await marks.flushed(); // nothing left: no empty statement
    expect(calls).toHaveLength(2);
  });

  it('rethrows a failed mark when flushed, after marking the rest', async () => {
    const marked: string[] = [];
    const marks = new DeliveredMarks((ids) => {
      if (ids.includes('bad')) return Promise.reject(new Error('connection lost'));
      marked.push(...ids);
      return Promise.resolve();
    });
    marks.add('bad');
    await new Promise((r) => setTimeout(r, 50)); // its timer fired: marked on its own
    marks.add('good');
    await expect(marks.flushed()).rejects.toThrow('connection lost');
    expect(marked).toEqual(['good']);
  });
});
