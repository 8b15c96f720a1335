import { graphql } from '../../gql';

export const ClaimTaskMutation = graphql(`
  mutation ClaimTask($input: ClaimTaskInput!) {
    claimTask(input: $input) {
      id
      assigneeId
      status
    }
  }
`);

export const ReleaseTaskMutation = graphql(`
  mutation ReleaseTask($input: ReleaseTaskInput!) {
    releaseTask(input: $input) {
      id
      assigneeId
      status
    }
  }
`);

export const AssignTaskMutation = graphql(`
  mutation AssignTask($input: AssignTaskInput!) {
    assignTask(input: $input) {
      id
      assigneeId
      status
    }
  }
`);
