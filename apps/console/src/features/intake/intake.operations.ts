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
