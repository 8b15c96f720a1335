import { graphql } from '../gql';

export const MyLanguageQuery = graphql(`
  query MyLanguage {
    me {
      preferredLanguage
    }
    notificationSettings {
      email
    }
  }
`);

export const SetMyLanguageMutation = graphql(`
  mutation SetMyLanguage($input: SetNotificationContactInput!) {
    setNotificationContact(input: $input) {
      email
      language
    }
  }
`);
