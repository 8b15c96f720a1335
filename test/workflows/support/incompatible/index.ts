/**
 * A deliberately incompatible `referralWorkflow` (starts with a timer where the real one schedules an activity), used
 * by the replay test as a negative control: replaying recorded histories against it must fail.
 */
import { sleep } from '@temporalio/workflow';

export async function referralWorkflow(): Promise<string> {
  await sleep('1 minute');
  return 'changed';
}
