import { graphql } from '../../gql';

export const NotificationFields = graphql(`
  fragment NotificationFields on Notification {
    id
    kind
    taskId
    taskType
    referralId
    caseCode
    dueAt
    mandatory
    createdAt
  }
`);

export const NotificationsQuery = graphql(`
  query Notifications($first: Int!, $after: String) {
    notifications(first: $first, after: $after) {
      edges {
        cursor
        node {
          ...NotificationFields
        }
      }
      endCursor
      hasNextPage
    }
  }
`);

export const NotificationReceivedSubscription = graphql(`
  subscription NotificationReceived {
    notificationReceived {
      ...NotificationFields
    }
  }
`);

export const NotificationSettingsFields = graphql(`
  fragment NotificationSettingsFields on NotificationSettings {
    email
    language
    preferences {
      kind
      channel
      enabled
      mandatory
    }
  }
`);

export const NotificationSettingsQuery = graphql(`
  query NotificationSettings {
    notificationSettings {
      ...NotificationSettingsFields
    }
  }
`);

export const SetNotificationPreferenceMutation = graphql(`
  mutation SetNotificationPreference($input: SetNotificationPreferenceInput!) {
    setNotificationPreference(input: $input) {
      ...NotificationSettingsFields
    }
  }
`);

export const SetNotificationEmailMutation = graphql(`
  mutation SetNotificationEmail($input: SetNotificationContactInput!) {
    setNotificationContact(input: $input) {
      ...NotificationSettingsFields
    }
  }
`);
