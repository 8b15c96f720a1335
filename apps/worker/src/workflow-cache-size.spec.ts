import { WORKFLOW_CACHE_ENV, workflowCacheSizeFromEnv } from './workflow-cache-size';

describe('workflowCacheSizeFromEnv', () => {
  it('is undefined when unset or empty (the SDK default applies)', () => {
    expect(workflowCacheSizeFromEnv({})).toBeUndefined();
    expect(workflowCacheSizeFromEnv({ [WORKFLOW_CACHE_ENV]: '  ' })).toBeUndefined();
  });

  it('reads a positive whole number', () => {
    expect(workflowCacheSizeFromEnv({ [WORKFLOW_CACHE_ENV]: '5000' })).toBe(5000);
    expect(workflowCacheSizeFromEnv({ [WORKFLOW_CACHE_ENV]: ' 1 ' })).toBe(1);
  });

  it.each(['0', '-5', '2.5', '1e4', 'lots', '010', '10000000'])(
    'refuses %p, naming the variable',
    (value) => {
      expect(() => workflowCacheSizeFromEnv({ [WORKFLOW_CACHE_ENV]: value })).toThrow(WORKFLOW_CACHE_ENV);
    },
  );
});
