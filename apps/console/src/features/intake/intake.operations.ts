import { graphql } from '../../gql';

export const DostIntakeQuery = graphql(`
  query DostIntake($caseId: UUID!) {
    dostIntake(caseId: $caseId) {
      caseId
      phase
      startedAt
      completedAt
      steps {
        step
        status
        openedAt
        dueAt
        overdue
        completedAt
      }
      escalations {
        at
        standard
        step
      }
      assessment {
        needsShelter
        riskLevel
      }
      policeNotification {
        mode
        notifiedAt
        awaitingCountersign
      }
      ssaApplication {
        status
      }
    }
  }
`);

export const StartDostIntakeMutation = graphql(`
  mutation StartDostIntake($input: StartDostIntakeInput!) {
    startDostIntake(input: $input) {
      caseId
      phase
    }
  }
`);

export const CompleteIntakeStepMutation = graphql(`
  mutation CompleteIntakeStep($input: CompleteIntakeStepInput!) {
    completeIntakeStep(input: $input) {
      caseId
      phase
    }
  }
`);

export const NotifyPoliceMutation = graphql(`
  mutation NotifyPolice($input: NotifyPoliceInput!) {
    notifyPolice(input: $input) {
      caseId
      phase
    }
  }
`);

export const CountersignIntakeLegalOverrideMutation = graphql(`
  mutation CountersignIntakeLegalOverride($input: CountersignIntakeLegalOverrideInput!) {
    countersignIntakeLegalOverride(input: $input) {
      caseId
      phase
    }
  }
`);
