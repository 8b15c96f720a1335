import { graphql } from '../../gql';

export const InboxQuery = graphql(`
  query Inbox($first: Int!, $after: String, $filter: InboxFilterInput) {
    inbox(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          type
          status
          dueAt
          overdue
          createdAt
          caseId
          caseCode
          referralId
          assigneeId
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

export const CompleteTaskMutation = graphql(`
  mutation CompleteTask($taskId: UUID!) {
    completeTask(taskId: $taskId) {
      id
    }
  }
`);

export const InboxTaskAddedSubscription = graphql(`
  subscription InboxTaskAdded {
    inboxTaskAdded {
      id
    }
  }
`);
