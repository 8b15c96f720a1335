/**
 * The worker's workflow bundle preloads `workflows/sandbox-bootstrap.ts` and `@lib/domain` into the reusable V8
 * sandbox before the SDK freezes it. Evaluated here the way the SDK's reusable VM does it: the bundle script, then
 * its `preloadModules` hook, with webpack's module cache routed through `__webpack_module_cache__`.
 */
import { runInContext, Script, createContext } from 'node:vm';
import { cachedWorkflowBundle } from './support/harness';

describe('workflow sandbox bootstrap', () => {
  it('caps stack frames and shares @lib/domain once the preload hook has run, not before', async () => {
    const bundle = await cachedWorkflowBundle();
    const context = createContext({});
    const modules: Record<string, unknown> = {};
    Object.defineProperty(context, '__webpack_module_cache__', { value: modules });
    new Script(bundle.code).runInContext(context);
    const loaded = (part: string): string[] => Object.keys(modules).filter((id) => id.includes(part));

    expect(runInContext('Error.stackTraceLimit', context)).toBe(10); // V8's default, untouched by loading the bundle
    expect(loaded('libs/domain/src/index.ts')).toEqual([]);

    runInContext('__TEMPORAL__.preloadModules()', context);

    const limit = runInContext('Error.stackTraceLimit', context) as number;
    expect(limit).toBeGreaterThan(0); // errors thrown in workflow code keep their top frames
    expect(limit).toBeLessThan(10);
    expect(runInContext('new Error("x").stack', context).split('\n')).toHaveLength(1 + limit);
    expect(loaded('libs/domain/src/index.ts')).toHaveLength(1);
    expect(loaded('workflows/sandbox-bootstrap.ts')).toHaveLength(1);
    // The workflows themselves (and @lib/contracts, which imports @temporalio/workflow) stay per-workflow.
    expect(loaded('workflows/referral.workflow.ts')).toEqual([]);
    expect(loaded('libs/contracts/src')).toEqual([]);
  });
});
