export { start, type StartOptions, type RunningServer } from './server';
export { dumpExecution, historyToJson, redactPayloads, type DumpOptions } from './dump';
export { parseArgs, USAGE } from './cli/args';
export { setLogLevel } from './log';
