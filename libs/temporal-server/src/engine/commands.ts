/**
 * Command processor: turns the commands of a completed workflow task into history events and side effects, in order.
 */
import type { Engine } from './engine';
import type { ActivityTaskRef, Execution } from './types';
import { enums, temporal, type IMessage } from '../proto/types';
import { scheduleActivity, requestCancelActivity } from './activities';
import { closeRun, completeRun, continueAsNew, failRun } from './lifecycle';
import { startChild, signalExternal, cancelExternal } from './children';
import { processProtocolMessage } from './updates';
import { mergeMemo, mergeSearchAttributes } from './visibility';
import { durMs } from '../proto/types';

type Command = temporal.api.command.v1.ICommand;
const CT = enums.CommandType;
const S = enums.WorkflowExecutionStatus;

export function isClosingCommand(c: Command): boolean {
  return (
    c.commandType === CT.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION ||
    c.commandType === CT.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION ||
    c.commandType === CT.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION ||
    c.commandType === CT.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION
  );
}

export function processCommands(
  engine: Engine,
  e: Execution,
  completedEventId: number,
  commands: Command[],
  messages: IMessage[],
  usedMessages: Set<string>,
  identity: string,
  eagerActivities?: ActivityTaskRef[],
): void {
  const wtc = { workflowTaskCompletedEventId: completedEventId };
  for (const c of commands) {
    if (!engine.isRunning(e)) break;
    switch (c.commandType) {
      case CT.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK:
        scheduleActivity(engine, e, c.scheduleActivityTaskCommandAttributes ?? {}, completedEventId, eagerActivities);
        break;
      case CT.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK:
        requestCancelActivity(engine, e, Number(c.requestCancelActivityTaskCommandAttributes?.scheduledEventId ?? 0), completedEventId);
        break;
      case CT.COMMAND_TYPE_START_TIMER: {
        const a = c.startTimerCommandAttributes ?? {};
        const timerId = a.timerId ?? '';
        const startedEventId = engine.append(e, 'TIMER_STARTED', { timerId, startToFireTimeout: a.startToFireTimeout ?? null, ...wtc });
        e.timers.set(timerId, startedEventId);
        engine.setTimer({ kind: 'user', runId: e.runId, timerId }, engine.now() + durMs(a.startToFireTimeout));
        break;
      }
      case CT.COMMAND_TYPE_CANCEL_TIMER: {
        const timerId = c.cancelTimerCommandAttributes?.timerId ?? '';
        const startedEventId = e.timers.get(timerId);
        if (startedEventId === undefined) break;
        e.timers.delete(timerId);
        engine.cancelTimer({ kind: 'user', runId: e.runId, timerId });
        engine.append(e, 'TIMER_CANCELED', { timerId, startedEventId, identity, ...wtc });
        break;
      }
      case CT.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:
        completeRun(engine, e, c.completeWorkflowExecutionCommandAttributes?.result ?? null, completedEventId);
        break;
      case CT.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION:
        failRun(engine, e, c.failWorkflowExecutionCommandAttributes?.failure ?? null, completedEventId);
        break;
      case CT.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION:
        closeRun(engine, e, S.WORKFLOW_EXECUTION_STATUS_CANCELED, 'WORKFLOW_EXECUTION_CANCELED', {
          details: c.cancelWorkflowExecutionCommandAttributes?.details ?? null,
          ...wtc,
        });
        break;
      case CT.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION:
        continueAsNew(engine, e, c.continueAsNewWorkflowExecutionCommandAttributes ?? {}, completedEventId);
        break;
      case CT.COMMAND_TYPE_RECORD_MARKER: {
        const a = c.recordMarkerCommandAttributes ?? {};
        engine.append(e, 'MARKER_RECORDED', { markerName: a.markerName ?? '', details: a.details ?? {}, header: a.header ?? null, failure: a.failure ?? null, ...wtc });
        break;
      }
      case CT.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
        const sa = c.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes ?? null;
        engine.append(e, 'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', { searchAttributes: sa, ...wtc });
        e.searchAttributes = mergeSearchAttributes(e.searchAttributes, sa);
        break;
      }
      case CT.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES: {
        const memo = c.modifyWorkflowPropertiesCommandAttributes?.upsertedMemo ?? null;
        engine.append(e, 'WORKFLOW_PROPERTIES_MODIFIED', { upsertedMemo: memo, ...wtc });
        e.memo = mergeMemo(e.memo, memo);
        break;
      }
      case CT.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION:
        startChild(engine, e, c.startChildWorkflowExecutionCommandAttributes ?? {}, completedEventId);
        break;
      case CT.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION:
        signalExternal(engine, e, c.signalExternalWorkflowExecutionCommandAttributes ?? {}, completedEventId);
        break;
      case CT.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION:
        cancelExternal(engine, e, c.requestCancelExternalWorkflowExecutionCommandAttributes ?? {}, completedEventId);
        break;
      case CT.COMMAND_TYPE_PROTOCOL_MESSAGE: {
        const id = c.protocolMessageCommandAttributes?.messageId ?? '';
        const m = messages.find((x) => x.id === id);
        if (m && !usedMessages.has(id)) {
          usedMessages.add(id);
          processProtocolMessage(engine, e, m);
        }
        break;
      }
      case CT.COMMAND_TYPE_UNSPECIFIED:
      case CT.COMMAND_TYPE_SCHEDULE_NEXUS_OPERATION:
      case CT.COMMAND_TYPE_REQUEST_CANCEL_NEXUS_OPERATION:
      case null:
      case undefined:
        engine.debug('ignored command', { workflowId: e.workflowId, commandType: c.commandType ?? 0 });
    }
  }
}
