import { WORKFLOW_CACHE_ENV, workflowCacheSize } from './workflow-cache-size';

const GIB = 1024 * 1024 * 1024;

describe('workflowCacheSize', () => {
  it('defaults to one workflow per MiB of the heap limit when unset or empty', () => {
    expect(workflowCacheSize({}, 4 * GIB)).toBe(4096);
    expect(workflowCacheSize({ [WORKFLOW_CACHE_ENV]: '  ' }, GIB / 2)).toBe(512);
  });

  it('never defaults below 100', () => {
    expect(workflowCacheSize({}, 32 * 1024 * 1024)).toBe(100);
  });

  it('reads a positive whole number, whatever the heap', () => {
    expect(workflowCacheSize({ [WORKFLOW_CACHE_ENV]: '5000' }, GIB)).toBe(5000);
    expect(workflowCacheSize({ [WORKFLOW_CACHE_ENV]: ' 1 ' }, GIB)).toBe(1);
  });

  it.each(['0', '-5', '2.5', '1e4', 'lots', '010', '10000000'])(
    'refuses %p, naming the variable',
    (value) => {
      expect(() => workflowCacheSize({ [WORKFLOW_CACHE_ENV]: value })).toThrow(WORKFLOW_CACHE_ENV);
    },
  );
});
