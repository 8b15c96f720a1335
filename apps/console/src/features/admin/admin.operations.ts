import { graphql } from '../../gql';

export const StaffMemberFields = graphql(`
  fragment StaffMemberFields on StaffMember {
    id
    username
    displayName
    roles
    supervisorId
    preferredLanguage
    active
    identityLinked
    version
  }
`);

export const StaffMembersQuery = graphql(`
  query StaffMembers($organisationId: UUID!) {
    staffMembers(organisationId: $organisationId) {
      ...StaffMemberFields
    }
  }
`);

export const AddStaffMemberMutation = graphql(`
  mutation AddStaffMember($input: AddStaffMemberInput!) {
    addStaffMember(input: $input) {
      ...StaffMemberFields
    }
  }
`);

export const UpdateStaffMemberMutation = graphql(`
  mutation UpdateStaffMember($input: UpdateStaffMemberInput!) {
    updateStaffMember(input: $input) {
      ...StaffMemberFields
    }
  }
`);

export const DeactivateStaffMemberMutation = graphql(`
  mutation DeactivateStaffMember($input: StaffActivationInput!) {
    deactivateStaffMember(input: $input) {
      ...StaffMemberFields
    }
  }
`);

export const ReactivateStaffMemberMutation = graphql(`
  mutation ReactivateStaffMember($input: StaffActivationInput!) {
    reactivateStaffMember(input: $input) {
      ...StaffMemberFields
    }
  }
`);

export const WebhookFields = graphql(`
  fragment WebhookFields on Webhook {
    id
    url
    kinds
    active
    consecutiveFailures
    disabledAt
    createdAt
  }
`);

export const WebhooksQuery = graphql(`
  query Webhooks {
    webhooks {
      ...WebhookFields
    }
  }
`);

export const FailedDeliveriesQuery = graphql(`
  query FailedDeliveries($first: Int!) {
    failedNotificationDeliveries(first: $first) {
      id
      kind
      channel
      attempts
      failedAt
      lastError
      webhookId
    }
  }
`);

export const RegisterWebhookMutation = graphql(`
  mutation RegisterWebhook($input: RegisterWebhookInput!) {
    registerWebhook(input: $input) {
      secret
      webhook {
        ...WebhookFields
      }
    }
  }
`);

export const SetWebhookActiveMutation = graphql(`
  mutation SetWebhookActive($webhookId: UUID!, $active: Boolean!) {
    setWebhookActive(webhookId: $webhookId, active: $active) {
      ...WebhookFields
    }
  }
`);

export const AdminOrganisationFields = graphql(`
  fragment AdminOrganisationFields on Organisation {
    id
    name
    names {
      az
      en
      ru
    }
    type
    region
    services
    contactPoints {
      kind
      value
      label
    }
    acceptsReferrals
    active
    coveredRegions
    version
  }
`);

export const AdminOrganisationsQuery = graphql(`
  query AdminOrganisations {
    organisations(includeInactive: true) {
      ...AdminOrganisationFields
    }
  }
`);

export const CreateOrganisationMutation = graphql(`
  mutation CreateOrganisation($input: CreateOrganisationInput!) {
    createOrganisation(input: $input) {
      ...AdminOrganisationFields
    }
  }
`);

export const UpdateOrganisationMutation = graphql(`
  mutation UpdateOrganisation($input: UpdateOrganisationInput!) {
    updateOrganisation(input: $input) {
      ...AdminOrganisationFields
    }
  }
`);

export const DeactivateOrganisationMutation = graphql(`
  mutation DeactivateOrganisation($input: DeactivateOrganisationInput!) {
    deactivateOrganisation(input: $input) {
      organisation {
        ...AdminOrganisationFields
      }
      reroutedReferralIds
    }
  }
`);
