/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query MyLanguage {\n    me {\n      preferredLanguage\n    }\n    notificationSettings {\n      email\n    }\n  }\n": typeof types.MyLanguageDocument,
    "\n  mutation SetMyLanguage($input: SetNotificationContactInput!) {\n    setNotificationContact(input: $input) {\n      email\n      language\n    }\n  }\n": typeof types.SetMyLanguageDocument,
    "\n  query Me {\n    me {\n      id\n      displayName\n      roles\n      supervisorId\n      preferredLanguage\n      organisation {\n        id\n        name\n        type\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  fragment StaffMemberFields on StaffMember {\n    id\n    username\n    displayName\n    roles\n    supervisorId\n    preferredLanguage\n    active\n    identityLinked\n    version\n  }\n": typeof types.StaffMemberFieldsFragmentDoc,
    "\n  query StaffMembers($organisationId: UUID!) {\n    staffMembers(organisationId: $organisationId) {\n      ...StaffMemberFields\n    }\n  }\n": typeof types.StaffMembersDocument,
    "\n  mutation AddStaffMember($input: AddStaffMemberInput!) {\n    addStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n": typeof types.AddStaffMemberDocument,
    "\n  mutation UpdateStaffMember($input: UpdateStaffMemberInput!) {\n    updateStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n": typeof types.UpdateStaffMemberDocument,
    "\n  mutation DeactivateStaffMember($input: StaffActivationInput!) {\n    deactivateStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n": typeof types.DeactivateStaffMemberDocument,
    "\n  mutation ReactivateStaffMember($input: StaffActivationInput!) {\n    reactivateStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n": typeof types.ReactivateStaffMemberDocument,
    "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    kinds\n    active\n    consecutiveFailures\n    disabledAt\n    createdAt\n  }\n": typeof types.WebhookFieldsFragmentDoc,
    "\n  query Webhooks {\n    webhooks {\n      ...WebhookFields\n    }\n  }\n": typeof types.WebhooksDocument,
    "\n  query FailedDeliveries($first: Int!) {\n    failedNotificationDeliveries(first: $first) {\n      id\n      kind\n      channel\n      attempts\n      failedAt\n      lastError\n      webhookId\n    }\n  }\n": typeof types.FailedDeliveriesDocument,
    "\n  mutation RegisterWebhook($input: RegisterWebhookInput!) {\n    registerWebhook(input: $input) {\n      secret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n": typeof types.RegisterWebhookDocument,
    "\n  mutation SetWebhookActive($webhookId: UUID!, $active: Boolean!) {\n    setWebhookActive(webhookId: $webhookId, active: $active) {\n      ...WebhookFields\n    }\n  }\n": typeof types.SetWebhookActiveDocument,
    "\n  fragment AdminOrganisationFields on Organisation {\n    id\n    name\n    names {\n      az\n      en\n      ru\n    }\n    type\n    region\n    services\n    contactPoints {\n      kind\n      value\n      label\n    }\n    acceptsReferrals\n    active\n    coveredRegions\n    version\n  }\n": typeof types.AdminOrganisationFieldsFragmentDoc,
    "\n  query AdminOrganisations {\n    organisations(includeInactive: true) {\n      ...AdminOrganisationFields\n    }\n  }\n": typeof types.AdminOrganisationsDocument,
    "\n  mutation CreateOrganisation($input: CreateOrganisationInput!) {\n    createOrganisation(input: $input) {\n      ...AdminOrganisationFields\n    }\n  }\n": typeof types.CreateOrganisationDocument,
    "\n  mutation UpdateOrganisation($input: UpdateOrganisationInput!) {\n    updateOrganisation(input: $input) {\n      ...AdminOrganisationFields\n    }\n  }\n": typeof types.UpdateOrganisationDocument,
    "\n  mutation DeactivateOrganisation($input: DeactivateOrganisationInput!) {\n    deactivateOrganisation(input: $input) {\n      organisation {\n        ...AdminOrganisationFields\n      }\n      reroutedReferralIds\n    }\n  }\n": typeof types.DeactivateOrganisationDocument,
    "\n  query VerifyAuditChain {\n    verifyAuditChain {\n      intact\n      chainsChecked\n      eventsChecked\n      checkpointStatus\n      checkpointTakenAt\n      breaks {\n        chainId\n        seq\n        reason\n        eventId\n      }\n    }\n  }\n": typeof types.VerifyAuditChainDocument,
    "\n  query Caseload($assignment: CaseloadAssignment!, $first: Int!, $after: String) {\n    caseload(assignment: $assignment, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          caseId\n          caseCode\n          status\n          riskLevel\n          openedAt\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.CaseloadDocument,
    "\n  query FindDuplicates($fullName: String, $phone: String) {\n    findPossibleDuplicates(fullName: $fullName, phone: $phone) {\n      caseId\n      caseCode\n      matchedOn\n      openedAt\n      status\n    }\n  }\n": typeof types.FindDuplicatesDocument,
    "\n  mutation OpenCase($input: OpenCaseInput!) {\n    openCase(input: $input) {\n      id\n      caseCode\n    }\n  }\n": typeof types.OpenCaseDocument,
    "\n  fragment CaseSummary on Case {\n    id\n    caseCode\n    access\n    dataProfile\n    category\n    status\n    riskLevel\n    isChild\n    region\n    openedAt\n    closedAt\n    incidentDate\n    incidentPlaceType\n    owningOrganisationId\n    version\n    survivor {\n      id\n      fullName\n      dateOfBirth\n      phone\n      address\n      narrative\n      healthNotes\n    }\n  }\n": typeof types.CaseSummaryFragmentDoc,
    "\n  query CasePage($id: UUID!) {\n    case(id: $id) {\n      ...CaseSummary\n    }\n  }\n": typeof types.CasePageDocument,
    "\n  query CaseTimeline($caseId: UUID!) {\n    caseTimeline(caseId: $caseId) {\n      id\n      kind\n      occurredAt\n      organisationId\n      referralId\n    }\n  }\n": typeof types.CaseTimelineDocument,
    "\n  query CaseReferrals($caseId: UUID!) {\n    caseReferrals(caseId: $caseId) {\n      id\n      status\n      serviceType\n      purpose\n      dataCategories\n      toOrganisationId\n      fromOrganisationId\n      consentId\n      legalBasis\n      disclosureAuthorised\n      responseDueAt\n      createdAt\n      version\n    }\n  }\n": typeof types.CaseReferralsDocument,
    "\n  query CaseAccessLog($subjectId: UUID!) {\n    accessLog(subjectId: $subjectId) {\n      id\n      action\n      actorId\n      organisationId\n      occurredAt\n      breakGlass\n      fields\n    }\n  }\n": typeof types.CaseAccessLogDocument,
    "\n  query Directory($type: OrganisationType, $region: String) {\n    organisations(type: $type, region: $region) {\n      id\n      name\n      names {\n        az\n        en\n        ru\n      }\n      type\n      region\n      services\n      acceptsReferrals\n    }\n  }\n": typeof types.DirectoryDocument,
    "\n  mutation RequestCaseClosure($caseId: UUID!, $expectedVersion: Int!) {\n    requestCaseClosure(caseId: $caseId, expectedVersion: $expectedVersion) {\n      id\n      status\n      closedAt\n      version\n    }\n  }\n": typeof types.RequestCaseClosureDocument,
    "\n  mutation ApproveCaseClosure($caseId: UUID!) {\n    approveCaseClosure(caseId: $caseId) {\n      id\n      status\n      closedAt\n      version\n    }\n  }\n": typeof types.ApproveCaseClosureDocument,
    "\n  mutation BreakGlassReadCase($caseId: UUID!, $justification: String!) {\n    breakGlassReadCase(caseId: $caseId, justification: $justification) {\n      ...CaseSummary\n    }\n  }\n": typeof types.BreakGlassReadCaseDocument,
    "\n  query CaseWorkers($id: UUID!) {\n    case(id: $id) {\n      id\n      assignedWorkers {\n        staffId\n        displayName\n        organisationId\n        assignedAt\n      }\n    }\n  }\n": typeof types.CaseWorkersDocument,
    "\n  query AssignableStaff($organisationId: UUID!) {\n    staffMembers(organisationId: $organisationId) {\n      id\n      displayName\n      active\n      roles\n    }\n  }\n": typeof types.AssignableStaffDocument,
    "\n  mutation AssignCase($input: AssignCaseInput!) {\n    assignCase(input: $input) {\n      caseId\n      organisationId\n      workerIds\n    }\n  }\n": typeof types.AssignCaseDocument,
    "\n  mutation UnassignCase($input: UnassignCaseInput!) {\n    unassignCase(input: $input) {\n      caseId\n      organisationId\n      workerIds\n    }\n  }\n": typeof types.UnassignCaseDocument,
    "\n  query CaseConsents($caseId: UUID!) {\n    caseConsents(caseId: $caseId) {\n      id\n      dataCategories\n      purposes\n      grantor\n      method\n      grantedAt\n      expiresAt\n      withdrawnAt\n      inForce\n      recipientOrganisationId\n      recipientOrganisationType\n    }\n  }\n": typeof types.CaseConsentsDocument,
    "\n  mutation RecordConsent($input: RecordConsentInput!) {\n    recordConsent(input: $input) {\n      id\n    }\n  }\n": typeof types.RecordConsentDocument,
    "\n  mutation WithdrawConsent($consentId: UUID!, $reason: String!) {\n    withdrawConsent(consentId: $consentId, reason: $reason) {\n      consent {\n        id\n        inForce\n      }\n      withdrawnReferralIds\n    }\n  }\n": typeof types.WithdrawConsentDocument,
    "\n  mutation ClaimTask($input: ClaimTaskInput!) {\n    claimTask(input: $input) {\n      id\n      assigneeId\n      status\n    }\n  }\n": typeof types.ClaimTaskDocument,
    "\n  mutation ReleaseTask($input: ReleaseTaskInput!) {\n    releaseTask(input: $input) {\n      id\n      assigneeId\n      status\n    }\n  }\n": typeof types.ReleaseTaskDocument,
    "\n  mutation AssignTask($input: AssignTaskInput!) {\n    assignTask(input: $input) {\n      id\n      assigneeId\n      status\n    }\n  }\n": typeof types.AssignTaskDocument,
    "\n  query Inbox($first: Int!, $after: String, $filter: InboxFilterInput) {\n    inbox(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          type\n          status\n          dueAt\n          overdue\n          createdAt\n          caseId\n          caseCode\n          referralId\n          assigneeId\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.InboxDocument,
    "\n  mutation CompleteTask($taskId: UUID!) {\n    completeTask(taskId: $taskId) {\n      id\n    }\n  }\n": typeof types.CompleteTaskDocument,
    "\n  subscription InboxTaskAdded {\n    inboxTaskAdded {\n      id\n    }\n  }\n": typeof types.InboxTaskAddedDocument,
    "\n  query DostIntake($caseId: UUID!) {\n    dostIntake(caseId: $caseId) {\n      caseId\n      phase\n      startedAt\n      completedAt\n      steps {\n        step\n        status\n        openedAt\n        dueAt\n        overdue\n        completedAt\n      }\n      escalations {\n        at\n        standard\n        step\n      }\n      assessment {\n        needsShelter\n        riskLevel\n      }\n      policeNotification {\n        mode\n        notifiedAt\n        awaitingCountersign\n      }\n      ssaApplication {\n        status\n      }\n    }\n  }\n": typeof types.DostIntakeDocument,
    "\n  mutation StartDostIntake($input: StartDostIntakeInput!) {\n    startDostIntake(input: $input) {\n      caseId\n      phase\n    }\n  }\n": typeof types.StartDostIntakeDocument,
    "\n  mutation CompleteIntakeStep($input: CompleteIntakeStepInput!) {\n    completeIntakeStep(input: $input) {\n      caseId\n      phase\n    }\n  }\n": typeof types.CompleteIntakeStepDocument,
    "\n  mutation NotifyPolice($input: NotifyPoliceInput!) {\n    notifyPolice(input: $input) {\n      caseId\n      phase\n    }\n  }\n": typeof types.NotifyPoliceDocument,
    "\n  mutation CountersignIntakeLegalOverride($input: CountersignIntakeLegalOverrideInput!) {\n    countersignIntakeLegalOverride(input: $input) {\n      caseId\n      phase\n    }\n  }\n": typeof types.CountersignIntakeLegalOverrideDocument,
    "\n  query RegionCases($first: Int!, $after: String, $filter: RegionCaseFilterInput) {\n    regionCases(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          caseId\n          caseCode\n          category\n          riskLevel\n          status\n          openedAt\n          openReferrals\n          overdueReferrals\n          escalatedReferrals\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": typeof types.RegionCasesDocument,
    "\n  query AgencyPerformance {\n    agencyPerformance {\n      organisationId\n      organisationName\n      organisationType\n      received\n      accepted\n      declined\n      completed\n      completedOnTime\n      respondedOnTime\n      expired\n      escalated\n      overdueNow\n      pending\n      withdrawn\n      medianResponseMinutes\n    }\n  }\n": typeof types.AgencyPerformanceDocument,
    "\n  query ContactStatistics {\n    contactStatistics {\n      from\n      to\n      total\n      anonymous\n      byCategory {\n        key\n        count\n        suppressed\n      }\n      byChannel {\n        key\n        count\n        suppressed\n      }\n      byCallerType {\n        key\n        count\n        suppressed\n      }\n      byChildAgeBand {\n        key\n        count\n        suppressed\n      }\n    }\n  }\n": typeof types.ContactStatisticsDocument,
    "\n  query RiskStatistics {\n    riskStatistics {\n      from\n      to\n      assessments\n      ordersIssued\n      ordersExpiring\n      ordersBreached\n      assessmentsByLevel {\n        key\n        count\n        suppressed\n      }\n      ordersIssuedByKind {\n        key\n        count\n        suppressed\n      }\n    }\n  }\n": typeof types.RiskStatisticsDocument,
    "\n  query CaseNotes($caseId: UUID!) {\n    caseNotes(caseId: $caseId) {\n      id\n      caseId\n      authorId\n      body\n      createdAt\n    }\n  }\n": typeof types.CaseNotesDocument,
    "\n  mutation AddCaseNote($input: AddCaseNoteInput!) {\n    addCaseNote(input: $input) {\n      id\n      caseId\n      authorId\n      body\n      createdAt\n    }\n  }\n": typeof types.AddCaseNoteDocument,
    "\n  fragment NotificationFields on Notification {\n    id\n    kind\n    taskId\n    taskType\n    referralId\n    caseCode\n    dueAt\n    mandatory\n    createdAt\n  }\n": typeof types.NotificationFieldsFragmentDoc,
    "\n  query Notifications($first: Int!, $after: String) {\n    notifications(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...NotificationFields\n        }\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n": typeof types.NotificationsDocument,
    "\n  subscription NotificationReceived {\n    notificationReceived {\n      ...NotificationFields\n    }\n  }\n": typeof types.NotificationReceivedDocument,
    "\n  fragment NotificationSettingsFields on NotificationSettings {\n    email\n    language\n    preferences {\n      kind\n      channel\n      enabled\n      mandatory\n    }\n  }\n": typeof types.NotificationSettingsFieldsFragmentDoc,
    "\n  query NotificationSettings {\n    notificationSettings {\n      ...NotificationSettingsFields\n    }\n  }\n": typeof types.NotificationSettingsDocument,
    "\n  mutation SetNotificationPreference($input: SetNotificationPreferenceInput!) {\n    setNotificationPreference(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n": typeof types.SetNotificationPreferenceDocument,
    "\n  mutation SetNotificationEmail($input: SetNotificationContactInput!) {\n    setNotificationContact(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n": typeof types.SetNotificationEmailDocument,
    "\n  fragment ProtectionOrderFields on ProtectionOrder {\n    id\n    caseId\n    kind\n    issuer\n    status\n    appliedAt\n    issueDueAt\n    issuedAt\n    expiresAt\n    alertAt\n    extensionCount\n    conditions\n    breaches {\n      id\n      occurredAt\n      reportedAt\n      reporterOrganisationId\n    }\n  }\n": typeof types.ProtectionOrderFieldsFragmentDoc,
    "\n  query ProtectionOrders($caseId: UUID!) {\n    protectionOrders(caseId: $caseId) {\n      ...ProtectionOrderFields\n    }\n  }\n": typeof types.ProtectionOrdersDocument,
    "\n  mutation ApplyForProtectionOrder($input: ApplyForProtectionOrderInput!) {\n    applyForProtectionOrder(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n": typeof types.ApplyForProtectionOrderDocument,
    "\n  mutation RecordProtectionOrderIssued($input: RecordProtectionOrderIssuedInput!) {\n    recordProtectionOrderIssued(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n": typeof types.RecordProtectionOrderIssuedDocument,
    "\n  mutation ExtendProtectionOrder($input: ExtendProtectionOrderInput!) {\n    extendProtectionOrder(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n": typeof types.ExtendProtectionOrderDocument,
    "\n  mutation ReportProtectionOrderBreach($input: ReportProtectionOrderBreachInput!) {\n    reportProtectionOrderBreach(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n": typeof types.ReportProtectionOrderBreachDocument,
    "\n  mutation CreateReferral($input: CreateReferralInput!) {\n    createReferral(input: $input) {\n      id\n      status\n      disclosureAuthorised\n    }\n  }\n": typeof types.CreateReferralDocument,
    "\n  query ReferralPage($id: UUID!) {\n    referral(id: $id) {\n      id\n      caseId\n      caseCode\n      status\n      serviceType\n      purpose\n      dataCategories\n      dataProfile\n      fromOrganisationId\n      toOrganisationId\n      legalBasis\n      disclosureAuthorised\n      countersignedAt\n      createdAt\n      respondedAt\n      responseDueAt\n      serviceDueAt\n      completedAt\n      declineReason\n      outcomeNote\n      withdrawReason\n      version\n    }\n  }\n": typeof types.ReferralPageDocument,
    "\n  query ReferralParty($caseId: UUID!) {\n    case(id: $caseId) {\n      id\n      access\n    }\n  }\n": typeof types.ReferralPartyDocument,
    "\n  query ReasonCodes($kind: ReasonKind!) {\n    reasonCodes(kind: $kind) {\n      code\n      labels {\n        az\n        en\n        ru\n      }\n    }\n  }\n": typeof types.ReasonCodesDocument,
    "\n  mutation AcceptReferral($input: AcceptReferralInput!) {\n    acceptReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n": typeof types.AcceptReferralDocument,
    "\n  mutation DeclineReferral($input: DeclineReferralInput!) {\n    declineReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n": typeof types.DeclineReferralDocument,
    "\n  mutation CompleteReferral($input: CompleteReferralInput!) {\n    completeReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n": typeof types.CompleteReferralDocument,
    "\n  mutation WithdrawReferral($input: WithdrawReferralInput!) {\n    withdrawReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n": typeof types.WithdrawReferralDocument,
    "\n  mutation Countersign($referralId: UUID!) {\n    countersignLegalOverride(referralId: $referralId) {\n      id\n      status\n      disclosureAuthorised\n      version\n    }\n  }\n": typeof types.CountersignDocument,
    "\n  query RiskInstrument {\n    riskInstrument {\n      version\n      items {\n        id\n        type\n        weight\n        redFlagAt\n        labels {\n          az\n          en\n          ru\n        }\n        options {\n          value\n          weight\n          labels {\n            az\n            en\n            ru\n          }\n        }\n      }\n      thresholds {\n        level\n        min\n        max\n      }\n    }\n  }\n": typeof types.RiskInstrumentDocument,
    "\n  query RiskAssessments($caseId: UUID!, $withAnswers: Boolean!) {\n    riskAssessments(caseId: $caseId) {\n      id\n      assessedAt\n      assessorId\n      organisationId\n      source\n      instrumentVersion\n      level\n      previousLevel\n      score\n      redFlags\n      answers @include(if: $withAnswers) {\n        item\n        value\n      }\n      conference {\n        id\n        requestedAt\n        outcome\n        outcomeRecordedAt\n      }\n    }\n  }\n": typeof types.RiskAssessmentsDocument,
    "\n  mutation AssessRisk($input: AssessRiskInput!) {\n    assessRisk(input: $input) {\n      id\n      level\n      score\n      redFlags\n    }\n  }\n": typeof types.AssessRiskDocument,
    "\n  mutation RecordRiskConferenceOutcome($input: RecordRiskConferenceOutcomeInput!) {\n    recordRiskConferenceOutcome(input: $input) {\n      id\n      outcome\n      outcomeRecordedAt\n    }\n  }\n": typeof types.RecordRiskConferenceOutcomeDocument,
    "\n  query StaffNames($organisationId: UUID!) {\n    staffMembers(organisationId: $organisationId) {\n      id\n      displayName\n    }\n  }\n": typeof types.StaffNamesDocument,
    "\n  fragment SafetyPlanItemFields on SafetyPlanItem {\n    id\n    caseId\n    action\n    status\n    dueAt\n    reviewAt\n    note\n    organisationId\n    responsibleOrganisationId\n    version\n  }\n": typeof types.SafetyPlanItemFieldsFragmentDoc,
    "\n  query SafetyPlan($caseId: UUID!) {\n    safetyPlan(caseId: $caseId) {\n      ...SafetyPlanItemFields\n    }\n  }\n": typeof types.SafetyPlanDocument,
    "\n  mutation AddSafetyPlanItem($input: AddSafetyPlanItemInput!) {\n    addSafetyPlanItem(input: $input) {\n      ...SafetyPlanItemFields\n    }\n  }\n": typeof types.AddSafetyPlanItemDocument,
    "\n  mutation UpdateSafetyPlanItem($input: UpdateSafetyPlanItemInput!) {\n    updateSafetyPlanItem(input: $input) {\n      ...SafetyPlanItemFields\n    }\n  }\n": typeof types.UpdateSafetyPlanItemDocument,
};
const documents: Documents = {
    "\n  query MyLanguage {\n    me {\n      preferredLanguage\n    }\n    notificationSettings {\n      email\n    }\n  }\n": types.MyLanguageDocument,
    "\n  mutation SetMyLanguage($input: SetNotificationContactInput!) {\n    setNotificationContact(input: $input) {\n      email\n      language\n    }\n  }\n": types.SetMyLanguageDocument,
    "\n  query Me {\n    me {\n      id\n      displayName\n      roles\n      supervisorId\n      preferredLanguage\n      organisation {\n        id\n        name\n        type\n      }\n    }\n  }\n": types.MeDocument,
    "\n  fragment StaffMemberFields on StaffMember {\n    id\n    username\n    displayName\n    roles\n    supervisorId\n    preferredLanguage\n    active\n    identityLinked\n    version\n  }\n": types.StaffMemberFieldsFragmentDoc,
    "\n  query StaffMembers($organisationId: UUID!) {\n    staffMembers(organisationId: $organisationId) {\n      ...StaffMemberFields\n    }\n  }\n": types.StaffMembersDocument,
    "\n  mutation AddStaffMember($input: AddStaffMemberInput!) {\n    addStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n": types.AddStaffMemberDocument,
    "\n  mutation UpdateStaffMember($input: UpdateStaffMemberInput!) {\n    updateStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n": types.UpdateStaffMemberDocument,
    "\n  mutation DeactivateStaffMember($input: StaffActivationInput!) {\n    deactivateStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n": types.DeactivateStaffMemberDocument,
    "\n  mutation ReactivateStaffMember($input: StaffActivationInput!) {\n    reactivateStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n": types.ReactivateStaffMemberDocument,
    "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    kinds\n    active\n    consecutiveFailures\n    disabledAt\n    createdAt\n  }\n": types.WebhookFieldsFragmentDoc,
    "\n  query Webhooks {\n    webhooks {\n      ...WebhookFields\n    }\n  }\n": types.WebhooksDocument,
    "\n  query FailedDeliveries($first: Int!) {\n    failedNotificationDeliveries(first: $first) {\n      id\n      kind\n      channel\n      attempts\n      failedAt\n      lastError\n      webhookId\n    }\n  }\n": types.FailedDeliveriesDocument,
    "\n  mutation RegisterWebhook($input: RegisterWebhookInput!) {\n    registerWebhook(input: $input) {\n      secret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n": types.RegisterWebhookDocument,
    "\n  mutation SetWebhookActive($webhookId: UUID!, $active: Boolean!) {\n    setWebhookActive(webhookId: $webhookId, active: $active) {\n      ...WebhookFields\n    }\n  }\n": types.SetWebhookActiveDocument,
    "\n  fragment AdminOrganisationFields on Organisation {\n    id\n    name\n    names {\n      az\n      en\n      ru\n    }\n    type\n    region\n    services\n    contactPoints {\n      kind\n      value\n      label\n    }\n    acceptsReferrals\n    active\n    coveredRegions\n    version\n  }\n": types.AdminOrganisationFieldsFragmentDoc,
    "\n  query AdminOrganisations {\n    organisations(includeInactive: true) {\n      ...AdminOrganisationFields\n    }\n  }\n": types.AdminOrganisationsDocument,
    "\n  mutation CreateOrganisation($input: CreateOrganisationInput!) {\n    createOrganisation(input: $input) {\n      ...AdminOrganisationFields\n    }\n  }\n": types.CreateOrganisationDocument,
    "\n  mutation UpdateOrganisation($input: UpdateOrganisationInput!) {\n    updateOrganisation(input: $input) {\n      ...AdminOrganisationFields\n    }\n  }\n": types.UpdateOrganisationDocument,
    "\n  mutation DeactivateOrganisation($input: DeactivateOrganisationInput!) {\n    deactivateOrganisation(input: $input) {\n      organisation {\n        ...AdminOrganisationFields\n      }\n      reroutedReferralIds\n    }\n  }\n": types.DeactivateOrganisationDocument,
    "\n  query VerifyAuditChain {\n    verifyAuditChain {\n      intact\n      chainsChecked\n      eventsChecked\n      checkpointStatus\n      checkpointTakenAt\n      breaks {\n        chainId\n        seq\n        reason\n        eventId\n      }\n    }\n  }\n": types.VerifyAuditChainDocument,
    "\n  query Caseload($assignment: CaseloadAssignment!, $first: Int!, $after: String) {\n    caseload(assignment: $assignment, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          caseId\n          caseCode\n          status\n          riskLevel\n          openedAt\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.CaseloadDocument,
    "\n  query FindDuplicates($fullName: String, $phone: String) {\n    findPossibleDuplicates(fullName: $fullName, phone: $phone) {\n      caseId\n      caseCode\n      matchedOn\n      openedAt\n      status\n    }\n  }\n": types.FindDuplicatesDocument,
    "\n  mutation OpenCase($input: OpenCaseInput!) {\n    openCase(input: $input) {\n      id\n      caseCode\n    }\n  }\n": types.OpenCaseDocument,
    "\n  fragment CaseSummary on Case {\n    id\n    caseCode\n    access\n    dataProfile\n    category\n    status\n    riskLevel\n    isChild\n    region\n    openedAt\n    closedAt\n    incidentDate\n    incidentPlaceType\n    owningOrganisationId\n    version\n    survivor {\n      id\n      fullName\n      dateOfBirth\n      phone\n      address\n      narrative\n      healthNotes\n    }\n  }\n": types.CaseSummaryFragmentDoc,
    "\n  query CasePage($id: UUID!) {\n    case(id: $id) {\n      ...CaseSummary\n    }\n  }\n": types.CasePageDocument,
    "\n  query CaseTimeline($caseId: UUID!) {\n    caseTimeline(caseId: $caseId) {\n      id\n      kind\n      occurredAt\n      organisationId\n      referralId\n    }\n  }\n": types.CaseTimelineDocument,
    "\n  query CaseReferrals($caseId: UUID!) {\n    caseReferrals(caseId: $caseId) {\n      id\n      status\n      serviceType\n      purpose\n      dataCategories\n      toOrganisationId\n      fromOrganisationId\n      consentId\n      legalBasis\n      disclosureAuthorised\n      responseDueAt\n      createdAt\n      version\n    }\n  }\n": types.CaseReferralsDocument,
    "\n  query CaseAccessLog($subjectId: UUID!) {\n    accessLog(subjectId: $subjectId) {\n      id\n      action\n      actorId\n      organisationId\n      occurredAt\n      breakGlass\n      fields\n    }\n  }\n": types.CaseAccessLogDocument,
    "\n  query Directory($type: OrganisationType, $region: String) {\n    organisations(type: $type, region: $region) {\n      id\n      name\n      names {\n        az\n        en\n        ru\n      }\n      type\n      region\n      services\n      acceptsReferrals\n    }\n  }\n": types.DirectoryDocument,
    "\n  mutation RequestCaseClosure($caseId: UUID!, $expectedVersion: Int!) {\n    requestCaseClosure(caseId: $caseId, expectedVersion: $expectedVersion) {\n      id\n      status\n      closedAt\n      version\n    }\n  }\n": types.RequestCaseClosureDocument,
    "\n  mutation ApproveCaseClosure($caseId: UUID!) {\n    approveCaseClosure(caseId: $caseId) {\n      id\n      status\n      closedAt\n      version\n    }\n  }\n": types.ApproveCaseClosureDocument,
    "\n  mutation BreakGlassReadCase($caseId: UUID!, $justification: String!) {\n    breakGlassReadCase(caseId: $caseId, justification: $justification) {\n      ...CaseSummary\n    }\n  }\n": types.BreakGlassReadCaseDocument,
    "\n  query CaseWorkers($id: UUID!) {\n    case(id: $id) {\n      id\n      assignedWorkers {\n        staffId\n        displayName\n        organisationId\n        assignedAt\n      }\n    }\n  }\n": types.CaseWorkersDocument,
    "\n  query AssignableStaff($organisationId: UUID!) {\n    staffMembers(organisationId: $organisationId) {\n      id\n      displayName\n      active\n      roles\n    }\n  }\n": types.AssignableStaffDocument,
    "\n  mutation AssignCase($input: AssignCaseInput!) {\n    assignCase(input: $input) {\n      caseId\n      organisationId\n      workerIds\n    }\n  }\n": types.AssignCaseDocument,
    "\n  mutation UnassignCase($input: UnassignCaseInput!) {\n    unassignCase(input: $input) {\n      caseId\n      organisationId\n      workerIds\n    }\n  }\n": types.UnassignCaseDocument,
    "\n  query CaseConsents($caseId: UUID!) {\n    caseConsents(caseId: $caseId) {\n      id\n      dataCategories\n      purposes\n      grantor\n      method\n      grantedAt\n      expiresAt\n      withdrawnAt\n      inForce\n      recipientOrganisationId\n      recipientOrganisationType\n    }\n  }\n": types.CaseConsentsDocument,
    "\n  mutation RecordConsent($input: RecordConsentInput!) {\n    recordConsent(input: $input) {\n      id\n    }\n  }\n": types.RecordConsentDocument,
    "\n  mutation WithdrawConsent($consentId: UUID!, $reason: String!) {\n    withdrawConsent(consentId: $consentId, reason: $reason) {\n      consent {\n        id\n        inForce\n      }\n      withdrawnReferralIds\n    }\n  }\n": types.WithdrawConsentDocument,
    "\n  mutation ClaimTask($input: ClaimTaskInput!) {\n    claimTask(input: $input) {\n      id\n      assigneeId\n      status\n    }\n  }\n": types.ClaimTaskDocument,
    "\n  mutation ReleaseTask($input: ReleaseTaskInput!) {\n    releaseTask(input: $input) {\n      id\n      assigneeId\n      status\n    }\n  }\n": types.ReleaseTaskDocument,
    "\n  mutation AssignTask($input: AssignTaskInput!) {\n    assignTask(input: $input) {\n      id\n      assigneeId\n      status\n    }\n  }\n": types.AssignTaskDocument,
    "\n  query Inbox($first: Int!, $after: String, $filter: InboxFilterInput) {\n    inbox(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          type\n          status\n          dueAt\n          overdue\n          createdAt\n          caseId\n          caseCode\n          referralId\n          assigneeId\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.InboxDocument,
    "\n  mutation CompleteTask($taskId: UUID!) {\n    completeTask(taskId: $taskId) {\n      id\n    }\n  }\n": types.CompleteTaskDocument,
    "\n  subscription InboxTaskAdded {\n    inboxTaskAdded {\n      id\n    }\n  }\n": types.InboxTaskAddedDocument,
    "\n  query DostIntake($caseId: UUID!) {\n    dostIntake(caseId: $caseId) {\n      caseId\n      phase\n      startedAt\n      completedAt\n      steps {\n        step\n        status\n        openedAt\n        dueAt\n        overdue\n        completedAt\n      }\n      escalations {\n        at\n        standard\n        step\n      }\n      assessment {\n        needsShelter\n        riskLevel\n      }\n      policeNotification {\n        mode\n        notifiedAt\n        awaitingCountersign\n      }\n      ssaApplication {\n        status\n      }\n    }\n  }\n": types.DostIntakeDocument,
    "\n  mutation StartDostIntake($input: StartDostIntakeInput!) {\n    startDostIntake(input: $input) {\n      caseId\n      phase\n    }\n  }\n": types.StartDostIntakeDocument,
    "\n  mutation CompleteIntakeStep($input: CompleteIntakeStepInput!) {\n    completeIntakeStep(input: $input) {\n      caseId\n      phase\n    }\n  }\n": types.CompleteIntakeStepDocument,
    "\n  mutation NotifyPolice($input: NotifyPoliceInput!) {\n    notifyPolice(input: $input) {\n      caseId\n      phase\n    }\n  }\n": types.NotifyPoliceDocument,
    "\n  mutation CountersignIntakeLegalOverride($input: CountersignIntakeLegalOverrideInput!) {\n    countersignIntakeLegalOverride(input: $input) {\n      caseId\n      phase\n    }\n  }\n": types.CountersignIntakeLegalOverrideDocument,
    "\n  query RegionCases($first: Int!, $after: String, $filter: RegionCaseFilterInput) {\n    regionCases(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          caseId\n          caseCode\n          category\n          riskLevel\n          status\n          openedAt\n          openReferrals\n          overdueReferrals\n          escalatedReferrals\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n": types.RegionCasesDocument,
    "\n  query AgencyPerformance {\n    agencyPerformance {\n      organisationId\n      organisationName\n      organisationType\n      received\n      accepted\n      declined\n      completed\n      completedOnTime\n      respondedOnTime\n      expired\n      escalated\n      overdueNow\n      pending\n      withdrawn\n      medianResponseMinutes\n    }\n  }\n": types.AgencyPerformanceDocument,
    "\n  query ContactStatistics {\n    contactStatistics {\n      from\n      to\n      total\n      anonymous\n      byCategory {\n        key\n        count\n        suppressed\n      }\n      byChannel {\n        key\n        count\n        suppressed\n      }\n      byCallerType {\n        key\n        count\n        suppressed\n      }\n      byChildAgeBand {\n        key\n        count\n        suppressed\n      }\n    }\n  }\n": types.ContactStatisticsDocument,
    "\n  query RiskStatistics {\n    riskStatistics {\n      from\n      to\n      assessments\n      ordersIssued\n      ordersExpiring\n      ordersBreached\n      assessmentsByLevel {\n        key\n        count\n        suppressed\n      }\n      ordersIssuedByKind {\n        key\n        count\n        suppressed\n      }\n    }\n  }\n": types.RiskStatisticsDocument,
    "\n  query CaseNotes($caseId: UUID!) {\n    caseNotes(caseId: $caseId) {\n      id\n      caseId\n      authorId\n      body\n      createdAt\n    }\n  }\n": types.CaseNotesDocument,
    "\n  mutation AddCaseNote($input: AddCaseNoteInput!) {\n    addCaseNote(input: $input) {\n      id\n      caseId\n      authorId\n      body\n      createdAt\n    }\n  }\n": types.AddCaseNoteDocument,
    "\n  fragment NotificationFields on Notification {\n    id\n    kind\n    taskId\n    taskType\n    referralId\n    caseCode\n    dueAt\n    mandatory\n    createdAt\n  }\n": types.NotificationFieldsFragmentDoc,
    "\n  query Notifications($first: Int!, $after: String) {\n    notifications(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...NotificationFields\n        }\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n": types.NotificationsDocument,
    "\n  subscription NotificationReceived {\n    notificationReceived {\n      ...NotificationFields\n    }\n  }\n": types.NotificationReceivedDocument,
    "\n  fragment NotificationSettingsFields on NotificationSettings {\n    email\n    language\n    preferences {\n      kind\n      channel\n      enabled\n      mandatory\n    }\n  }\n": types.NotificationSettingsFieldsFragmentDoc,
    "\n  query NotificationSettings {\n    notificationSettings {\n      ...NotificationSettingsFields\n    }\n  }\n": types.NotificationSettingsDocument,
    "\n  mutation SetNotificationPreference($input: SetNotificationPreferenceInput!) {\n    setNotificationPreference(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n": types.SetNotificationPreferenceDocument,
    "\n  mutation SetNotificationEmail($input: SetNotificationContactInput!) {\n    setNotificationContact(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n": types.SetNotificationEmailDocument,
    "\n  fragment ProtectionOrderFields on ProtectionOrder {\n    id\n    caseId\n    kind\n    issuer\n    status\n    appliedAt\n    issueDueAt\n    issuedAt\n    expiresAt\n    alertAt\n    extensionCount\n    conditions\n    breaches {\n      id\n      occurredAt\n      reportedAt\n      reporterOrganisationId\n    }\n  }\n": types.ProtectionOrderFieldsFragmentDoc,
    "\n  query ProtectionOrders($caseId: UUID!) {\n    protectionOrders(caseId: $caseId) {\n      ...ProtectionOrderFields\n    }\n  }\n": types.ProtectionOrdersDocument,
    "\n  mutation ApplyForProtectionOrder($input: ApplyForProtectionOrderInput!) {\n    applyForProtectionOrder(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n": types.ApplyForProtectionOrderDocument,
    "\n  mutation RecordProtectionOrderIssued($input: RecordProtectionOrderIssuedInput!) {\n    recordProtectionOrderIssued(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n": types.RecordProtectionOrderIssuedDocument,
    "\n  mutation ExtendProtectionOrder($input: ExtendProtectionOrderInput!) {\n    extendProtectionOrder(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n": types.ExtendProtectionOrderDocument,
    "\n  mutation ReportProtectionOrderBreach($input: ReportProtectionOrderBreachInput!) {\n    reportProtectionOrderBreach(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n": types.ReportProtectionOrderBreachDocument,
    "\n  mutation CreateReferral($input: CreateReferralInput!) {\n    createReferral(input: $input) {\n      id\n      status\n      disclosureAuthorised\n    }\n  }\n": types.CreateReferralDocument,
    "\n  query ReferralPage($id: UUID!) {\n    referral(id: $id) {\n      id\n      caseId\n      caseCode\n      status\n      serviceType\n      purpose\n      dataCategories\n      dataProfile\n      fromOrganisationId\n      toOrganisationId\n      legalBasis\n      disclosureAuthorised\n      countersignedAt\n      createdAt\n      respondedAt\n      responseDueAt\n      serviceDueAt\n      completedAt\n      declineReason\n      outcomeNote\n      withdrawReason\n      version\n    }\n  }\n": types.ReferralPageDocument,
    "\n  query ReferralParty($caseId: UUID!) {\n    case(id: $caseId) {\n      id\n      access\n    }\n  }\n": types.ReferralPartyDocument,
    "\n  query ReasonCodes($kind: ReasonKind!) {\n    reasonCodes(kind: $kind) {\n      code\n      labels {\n        az\n        en\n        ru\n      }\n    }\n  }\n": types.ReasonCodesDocument,
    "\n  mutation AcceptReferral($input: AcceptReferralInput!) {\n    acceptReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n": types.AcceptReferralDocument,
    "\n  mutation DeclineReferral($input: DeclineReferralInput!) {\n    declineReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n": types.DeclineReferralDocument,
    "\n  mutation CompleteReferral($input: CompleteReferralInput!) {\n    completeReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n": types.CompleteReferralDocument,
    "\n  mutation WithdrawReferral($input: WithdrawReferralInput!) {\n    withdrawReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n": types.WithdrawReferralDocument,
    "\n  mutation Countersign($referralId: UUID!) {\n    countersignLegalOverride(referralId: $referralId) {\n      id\n      status\n      disclosureAuthorised\n      version\n    }\n  }\n": types.CountersignDocument,
    "\n  query RiskInstrument {\n    riskInstrument {\n      version\n      items {\n        id\n        type\n        weight\n        redFlagAt\n        labels {\n          az\n          en\n          ru\n        }\n        options {\n          value\n          weight\n          labels {\n            az\n            en\n            ru\n          }\n        }\n      }\n      thresholds {\n        level\n        min\n        max\n      }\n    }\n  }\n": types.RiskInstrumentDocument,
    "\n  query RiskAssessments($caseId: UUID!, $withAnswers: Boolean!) {\n    riskAssessments(caseId: $caseId) {\n      id\n      assessedAt\n      assessorId\n      organisationId\n      source\n      instrumentVersion\n      level\n      previousLevel\n      score\n      redFlags\n      answers @include(if: $withAnswers) {\n        item\n        value\n      }\n      conference {\n        id\n        requestedAt\n        outcome\n        outcomeRecordedAt\n      }\n    }\n  }\n": types.RiskAssessmentsDocument,
    "\n  mutation AssessRisk($input: AssessRiskInput!) {\n    assessRisk(input: $input) {\n      id\n      level\n      score\n      redFlags\n    }\n  }\n": types.AssessRiskDocument,
    "\n  mutation RecordRiskConferenceOutcome($input: RecordRiskConferenceOutcomeInput!) {\n    recordRiskConferenceOutcome(input: $input) {\n      id\n      outcome\n      outcomeRecordedAt\n    }\n  }\n": types.RecordRiskConferenceOutcomeDocument,
    "\n  query StaffNames($organisationId: UUID!) {\n    staffMembers(organisationId: $organisationId) {\n      id\n      displayName\n    }\n  }\n": types.StaffNamesDocument,
    "\n  fragment SafetyPlanItemFields on SafetyPlanItem {\n    id\n    caseId\n    action\n    status\n    dueAt\n    reviewAt\n    note\n    organisationId\n    responsibleOrganisationId\n    version\n  }\n": types.SafetyPlanItemFieldsFragmentDoc,
    "\n  query SafetyPlan($caseId: UUID!) {\n    safetyPlan(caseId: $caseId) {\n      ...SafetyPlanItemFields\n    }\n  }\n": types.SafetyPlanDocument,
    "\n  mutation AddSafetyPlanItem($input: AddSafetyPlanItemInput!) {\n    addSafetyPlanItem(input: $input) {\n      ...SafetyPlanItemFields\n    }\n  }\n": types.AddSafetyPlanItemDocument,
    "\n  mutation UpdateSafetyPlanItem($input: UpdateSafetyPlanItemInput!) {\n    updateSafetyPlanItem(input: $input) {\n      ...SafetyPlanItemFields\n    }\n  }\n": types.UpdateSafetyPlanItemDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyLanguage {\n    me {\n      preferredLanguage\n    }\n    notificationSettings {\n      email\n    }\n  }\n"): (typeof documents)["\n  query MyLanguage {\n    me {\n      preferredLanguage\n    }\n    notificationSettings {\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetMyLanguage($input: SetNotificationContactInput!) {\n    setNotificationContact(input: $input) {\n      email\n      language\n    }\n  }\n"): (typeof documents)["\n  mutation SetMyLanguage($input: SetNotificationContactInput!) {\n    setNotificationContact(input: $input) {\n      email\n      language\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      displayName\n      roles\n      supervisorId\n      preferredLanguage\n      organisation {\n        id\n        name\n        type\n      }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      displayName\n      roles\n      supervisorId\n      preferredLanguage\n      organisation {\n        id\n        name\n        type\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StaffMemberFields on StaffMember {\n    id\n    username\n    displayName\n    roles\n    supervisorId\n    preferredLanguage\n    active\n    identityLinked\n    version\n  }\n"): (typeof documents)["\n  fragment StaffMemberFields on StaffMember {\n    id\n    username\n    displayName\n    roles\n    supervisorId\n    preferredLanguage\n    active\n    identityLinked\n    version\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffMembers($organisationId: UUID!) {\n    staffMembers(organisationId: $organisationId) {\n      ...StaffMemberFields\n    }\n  }\n"): (typeof documents)["\n  query StaffMembers($organisationId: UUID!) {\n    staffMembers(organisationId: $organisationId) {\n      ...StaffMemberFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddStaffMember($input: AddStaffMemberInput!) {\n    addStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n"): (typeof documents)["\n  mutation AddStaffMember($input: AddStaffMemberInput!) {\n    addStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateStaffMember($input: UpdateStaffMemberInput!) {\n    updateStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateStaffMember($input: UpdateStaffMemberInput!) {\n    updateStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeactivateStaffMember($input: StaffActivationInput!) {\n    deactivateStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n"): (typeof documents)["\n  mutation DeactivateStaffMember($input: StaffActivationInput!) {\n    deactivateStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReactivateStaffMember($input: StaffActivationInput!) {\n    reactivateStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n"): (typeof documents)["\n  mutation ReactivateStaffMember($input: StaffActivationInput!) {\n    reactivateStaffMember(input: $input) {\n      ...StaffMemberFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    kinds\n    active\n    consecutiveFailures\n    disabledAt\n    createdAt\n  }\n"): (typeof documents)["\n  fragment WebhookFields on Webhook {\n    id\n    url\n    kinds\n    active\n    consecutiveFailures\n    disabledAt\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhooks {\n    webhooks {\n      ...WebhookFields\n    }\n  }\n"): (typeof documents)["\n  query Webhooks {\n    webhooks {\n      ...WebhookFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FailedDeliveries($first: Int!) {\n    failedNotificationDeliveries(first: $first) {\n      id\n      kind\n      channel\n      attempts\n      failedAt\n      lastError\n      webhookId\n    }\n  }\n"): (typeof documents)["\n  query FailedDeliveries($first: Int!) {\n    failedNotificationDeliveries(first: $first) {\n      id\n      kind\n      channel\n      attempts\n      failedAt\n      lastError\n      webhookId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterWebhook($input: RegisterWebhookInput!) {\n    registerWebhook(input: $input) {\n      secret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RegisterWebhook($input: RegisterWebhookInput!) {\n    registerWebhook(input: $input) {\n      secret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetWebhookActive($webhookId: UUID!, $active: Boolean!) {\n    setWebhookActive(webhookId: $webhookId, active: $active) {\n      ...WebhookFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetWebhookActive($webhookId: UUID!, $active: Boolean!) {\n    setWebhookActive(webhookId: $webhookId, active: $active) {\n      ...WebhookFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AdminOrganisationFields on Organisation {\n    id\n    name\n    names {\n      az\n      en\n      ru\n    }\n    type\n    region\n    services\n    contactPoints {\n      kind\n      value\n      label\n    }\n    acceptsReferrals\n    active\n    coveredRegions\n    version\n  }\n"): (typeof documents)["\n  fragment AdminOrganisationFields on Organisation {\n    id\n    name\n    names {\n      az\n      en\n      ru\n    }\n    type\n    region\n    services\n    contactPoints {\n      kind\n      value\n      label\n    }\n    acceptsReferrals\n    active\n    coveredRegions\n    version\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminOrganisations {\n    organisations(includeInactive: true) {\n      ...AdminOrganisationFields\n    }\n  }\n"): (typeof documents)["\n  query AdminOrganisations {\n    organisations(includeInactive: true) {\n      ...AdminOrganisationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOrganisation($input: CreateOrganisationInput!) {\n    createOrganisation(input: $input) {\n      ...AdminOrganisationFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateOrganisation($input: CreateOrganisationInput!) {\n    createOrganisation(input: $input) {\n      ...AdminOrganisationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateOrganisation($input: UpdateOrganisationInput!) {\n    updateOrganisation(input: $input) {\n      ...AdminOrganisationFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateOrganisation($input: UpdateOrganisationInput!) {\n    updateOrganisation(input: $input) {\n      ...AdminOrganisationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeactivateOrganisation($input: DeactivateOrganisationInput!) {\n    deactivateOrganisation(input: $input) {\n      organisation {\n        ...AdminOrganisationFields\n      }\n      reroutedReferralIds\n    }\n  }\n"): (typeof documents)["\n  mutation DeactivateOrganisation($input: DeactivateOrganisationInput!) {\n    deactivateOrganisation(input: $input) {\n      organisation {\n        ...AdminOrganisationFields\n      }\n      reroutedReferralIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VerifyAuditChain {\n    verifyAuditChain {\n      intact\n      chainsChecked\n      eventsChecked\n      checkpointStatus\n      checkpointTakenAt\n      breaks {\n        chainId\n        seq\n        reason\n        eventId\n      }\n    }\n  }\n"): (typeof documents)["\n  query VerifyAuditChain {\n    verifyAuditChain {\n      intact\n      chainsChecked\n      eventsChecked\n      checkpointStatus\n      checkpointTakenAt\n      breaks {\n        chainId\n        seq\n        reason\n        eventId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Caseload($assignment: CaseloadAssignment!, $first: Int!, $after: String) {\n    caseload(assignment: $assignment, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          caseId\n          caseCode\n          status\n          riskLevel\n          openedAt\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query Caseload($assignment: CaseloadAssignment!, $first: Int!, $after: String) {\n    caseload(assignment: $assignment, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          caseId\n          caseCode\n          status\n          riskLevel\n          openedAt\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FindDuplicates($fullName: String, $phone: String) {\n    findPossibleDuplicates(fullName: $fullName, phone: $phone) {\n      caseId\n      caseCode\n      matchedOn\n      openedAt\n      status\n    }\n  }\n"): (typeof documents)["\n  query FindDuplicates($fullName: String, $phone: String) {\n    findPossibleDuplicates(fullName: $fullName, phone: $phone) {\n      caseId\n      caseCode\n      matchedOn\n      openedAt\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OpenCase($input: OpenCaseInput!) {\n    openCase(input: $input) {\n      id\n      caseCode\n    }\n  }\n"): (typeof documents)["\n  mutation OpenCase($input: OpenCaseInput!) {\n    openCase(input: $input) {\n      id\n      caseCode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CaseSummary on Case {\n    id\n    caseCode\n    access\n    dataProfile\n    category\n    status\n    riskLevel\n    isChild\n    region\n    openedAt\n    closedAt\n    incidentDate\n    incidentPlaceType\n    owningOrganisationId\n    version\n    survivor {\n      id\n      fullName\n      dateOfBirth\n      phone\n      address\n      narrative\n      healthNotes\n    }\n  }\n"): (typeof documents)["\n  fragment CaseSummary on Case {\n    id\n    caseCode\n    access\n    dataProfile\n    category\n    status\n    riskLevel\n    isChild\n    region\n    openedAt\n    closedAt\n    incidentDate\n    incidentPlaceType\n    owningOrganisationId\n    version\n    survivor {\n      id\n      fullName\n      dateOfBirth\n      phone\n      address\n      narrative\n      healthNotes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CasePage($id: UUID!) {\n    case(id: $id) {\n      ...CaseSummary\n    }\n  }\n"): (typeof documents)["\n  query CasePage($id: UUID!) {\n    case(id: $id) {\n      ...CaseSummary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CaseTimeline($caseId: UUID!) {\n    caseTimeline(caseId: $caseId) {\n      id\n      kind\n      occurredAt\n      organisationId\n      referralId\n    }\n  }\n"): (typeof documents)["\n  query CaseTimeline($caseId: UUID!) {\n    caseTimeline(caseId: $caseId) {\n      id\n      kind\n      occurredAt\n      organisationId\n      referralId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CaseReferrals($caseId: UUID!) {\n    caseReferrals(caseId: $caseId) {\n      id\n      status\n      serviceType\n      purpose\n      dataCategories\n      toOrganisationId\n      fromOrganisationId\n      consentId\n      legalBasis\n      disclosureAuthorised\n      responseDueAt\n      createdAt\n      version\n    }\n  }\n"): (typeof documents)["\n  query CaseReferrals($caseId: UUID!) {\n    caseReferrals(caseId: $caseId) {\n      id\n      status\n      serviceType\n      purpose\n      dataCategories\n      toOrganisationId\n      fromOrganisationId\n      consentId\n      legalBasis\n      disclosureAuthorised\n      responseDueAt\n      createdAt\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CaseAccessLog($subjectId: UUID!) {\n    accessLog(subjectId: $subjectId) {\n      id\n      action\n      actorId\n      organisationId\n      occurredAt\n      breakGlass\n      fields\n    }\n  }\n"): (typeof documents)["\n  query CaseAccessLog($subjectId: UUID!) {\n    accessLog(subjectId: $subjectId) {\n      id\n      action\n      actorId\n      organisationId\n      occurredAt\n      breakGlass\n      fields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Directory($type: OrganisationType, $region: String) {\n    organisations(type: $type, region: $region) {\n      id\n      name\n      names {\n        az\n        en\n        ru\n      }\n      type\n      region\n      services\n      acceptsReferrals\n    }\n  }\n"): (typeof documents)["\n  query Directory($type: OrganisationType, $region: String) {\n    organisations(type: $type, region: $region) {\n      id\n      name\n      names {\n        az\n        en\n        ru\n      }\n      type\n      region\n      services\n      acceptsReferrals\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestCaseClosure($caseId: UUID!, $expectedVersion: Int!) {\n    requestCaseClosure(caseId: $caseId, expectedVersion: $expectedVersion) {\n      id\n      status\n      closedAt\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation RequestCaseClosure($caseId: UUID!, $expectedVersion: Int!) {\n    requestCaseClosure(caseId: $caseId, expectedVersion: $expectedVersion) {\n      id\n      status\n      closedAt\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveCaseClosure($caseId: UUID!) {\n    approveCaseClosure(caseId: $caseId) {\n      id\n      status\n      closedAt\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation ApproveCaseClosure($caseId: UUID!) {\n    approveCaseClosure(caseId: $caseId) {\n      id\n      status\n      closedAt\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BreakGlassReadCase($caseId: UUID!, $justification: String!) {\n    breakGlassReadCase(caseId: $caseId, justification: $justification) {\n      ...CaseSummary\n    }\n  }\n"): (typeof documents)["\n  mutation BreakGlassReadCase($caseId: UUID!, $justification: String!) {\n    breakGlassReadCase(caseId: $caseId, justification: $justification) {\n      ...CaseSummary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CaseWorkers($id: UUID!) {\n    case(id: $id) {\n      id\n      assignedWorkers {\n        staffId\n        displayName\n        organisationId\n        assignedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query CaseWorkers($id: UUID!) {\n    case(id: $id) {\n      id\n      assignedWorkers {\n        staffId\n        displayName\n        organisationId\n        assignedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssignableStaff($organisationId: UUID!) {\n    staffMembers(organisationId: $organisationId) {\n      id\n      displayName\n      active\n      roles\n    }\n  }\n"): (typeof documents)["\n  query AssignableStaff($organisationId: UUID!) {\n    staffMembers(organisationId: $organisationId) {\n      id\n      displayName\n      active\n      roles\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignCase($input: AssignCaseInput!) {\n    assignCase(input: $input) {\n      caseId\n      organisationId\n      workerIds\n    }\n  }\n"): (typeof documents)["\n  mutation AssignCase($input: AssignCaseInput!) {\n    assignCase(input: $input) {\n      caseId\n      organisationId\n      workerIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnassignCase($input: UnassignCaseInput!) {\n    unassignCase(input: $input) {\n      caseId\n      organisationId\n      workerIds\n    }\n  }\n"): (typeof documents)["\n  mutation UnassignCase($input: UnassignCaseInput!) {\n    unassignCase(input: $input) {\n      caseId\n      organisationId\n      workerIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CaseConsents($caseId: UUID!) {\n    caseConsents(caseId: $caseId) {\n      id\n      dataCategories\n      purposes\n      grantor\n      method\n      grantedAt\n      expiresAt\n      withdrawnAt\n      inForce\n      recipientOrganisationId\n      recipientOrganisationType\n    }\n  }\n"): (typeof documents)["\n  query CaseConsents($caseId: UUID!) {\n    caseConsents(caseId: $caseId) {\n      id\n      dataCategories\n      purposes\n      grantor\n      method\n      grantedAt\n      expiresAt\n      withdrawnAt\n      inForce\n      recipientOrganisationId\n      recipientOrganisationType\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordConsent($input: RecordConsentInput!) {\n    recordConsent(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RecordConsent($input: RecordConsentInput!) {\n    recordConsent(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WithdrawConsent($consentId: UUID!, $reason: String!) {\n    withdrawConsent(consentId: $consentId, reason: $reason) {\n      consent {\n        id\n        inForce\n      }\n      withdrawnReferralIds\n    }\n  }\n"): (typeof documents)["\n  mutation WithdrawConsent($consentId: UUID!, $reason: String!) {\n    withdrawConsent(consentId: $consentId, reason: $reason) {\n      consent {\n        id\n        inForce\n      }\n      withdrawnReferralIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClaimTask($input: ClaimTaskInput!) {\n    claimTask(input: $input) {\n      id\n      assigneeId\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ClaimTask($input: ClaimTaskInput!) {\n    claimTask(input: $input) {\n      id\n      assigneeId\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReleaseTask($input: ReleaseTaskInput!) {\n    releaseTask(input: $input) {\n      id\n      assigneeId\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ReleaseTask($input: ReleaseTaskInput!) {\n    releaseTask(input: $input) {\n      id\n      assigneeId\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignTask($input: AssignTaskInput!) {\n    assignTask(input: $input) {\n      id\n      assigneeId\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation AssignTask($input: AssignTaskInput!) {\n    assignTask(input: $input) {\n      id\n      assigneeId\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inbox($first: Int!, $after: String, $filter: InboxFilterInput) {\n    inbox(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          type\n          status\n          dueAt\n          overdue\n          createdAt\n          caseId\n          caseCode\n          referralId\n          assigneeId\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query Inbox($first: Int!, $after: String, $filter: InboxFilterInput) {\n    inbox(first: $first, after: $after, filter: $filter) {\n      edges {\n        cursor\n        node {\n          id\n          type\n          status\n          dueAt\n          overdue\n          createdAt\n          caseId\n          caseCode\n          referralId\n          assigneeId\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteTask($taskId: UUID!) {\n    completeTask(taskId: $taskId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteTask($taskId: UUID!) {\n    completeTask(taskId: $taskId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InboxTaskAdded {\n    inboxTaskAdded {\n      id\n    }\n  }\n"): (typeof documents)["\n  subscription InboxTaskAdded {\n    inboxTaskAdded {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DostIntake($caseId: UUID!) {\n    dostIntake(caseId: $caseId) {\n      caseId\n      phase\n      startedAt\n      completedAt\n      steps {\n        step\n        status\n        openedAt\n        dueAt\n        overdue\n        completedAt\n      }\n      escalations {\n        at\n        standard\n        step\n      }\n      assessment {\n        needsShelter\n        riskLevel\n      }\n      policeNotification {\n        mode\n        notifiedAt\n        awaitingCountersign\n      }\n      ssaApplication {\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  query DostIntake($caseId: UUID!) {\n    dostIntake(caseId: $caseId) {\n      caseId\n      phase\n      startedAt\n      completedAt\n      steps {\n        step\n        status\n        openedAt\n        dueAt\n        overdue\n        completedAt\n      }\n      escalations {\n        at\n        standard\n        step\n      }\n      assessment {\n        needsShelter\n        riskLevel\n      }\n      policeNotification {\n        mode\n        notifiedAt\n        awaitingCountersign\n      }\n      ssaApplication {\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartDostIntake($input: StartDostIntakeInput!) {\n    startDostIntake(input: $input) {\n      caseId\n      phase\n    }\n  }\n"): (typeof documents)["\n  mutation StartDostIntake($input: StartDostIntakeInput!) {\n    startDostIntake(input: $input) {\n      caseId\n      phase\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteIntakeStep($input: CompleteIntakeStepInput!) {\n    completeIntakeStep(input: $input) {\n      caseId\n      phase\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteIntakeStep($input: CompleteIntakeStepInput!) {\n    completeIntakeStep(input: $input) {\n      caseId\n      phase\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation NotifyPolice($input: NotifyPoliceInput!) {\n    notifyPolice(input: $input) {\n      caseId\n      phase\n    }\n  }\n"): (typeof documents)["\n  mutation NotifyPolice($input: NotifyPoliceInput!) {\n    notifyPolice(input: $input) {\n      caseId\n      phase\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CountersignIntakeLegalOverride($input: CountersignIntakeLegalOverrideInput!) {\n    countersignIntakeLegalOverride(input: $input) {\n      caseId\n      phase\n    }\n  }\n"): (typeof documents)["\n  mutation CountersignIntakeLegalOverride($input: CountersignIntakeLegalOverrideInput!) {\n    countersignIntakeLegalOverride(input: $input) {\n      caseId\n      phase\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegionCases($first: Int!, $after: String, $filter: RegionCaseFilterInput) {\n    regionCases(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          caseId\n          caseCode\n          category\n          riskLevel\n          status\n          openedAt\n          openReferrals\n          overdueReferrals\n          escalatedReferrals\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query RegionCases($first: Int!, $after: String, $filter: RegionCaseFilterInput) {\n    regionCases(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          caseId\n          caseCode\n          category\n          riskLevel\n          status\n          openedAt\n          openReferrals\n          overdueReferrals\n          escalatedReferrals\n        }\n      }\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AgencyPerformance {\n    agencyPerformance {\n      organisationId\n      organisationName\n      organisationType\n      received\n      accepted\n      declined\n      completed\n      completedOnTime\n      respondedOnTime\n      expired\n      escalated\n      overdueNow\n      pending\n      withdrawn\n      medianResponseMinutes\n    }\n  }\n"): (typeof documents)["\n  query AgencyPerformance {\n    agencyPerformance {\n      organisationId\n      organisationName\n      organisationType\n      received\n      accepted\n      declined\n      completed\n      completedOnTime\n      respondedOnTime\n      expired\n      escalated\n      overdueNow\n      pending\n      withdrawn\n      medianResponseMinutes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContactStatistics {\n    contactStatistics {\n      from\n      to\n      total\n      anonymous\n      byCategory {\n        key\n        count\n        suppressed\n      }\n      byChannel {\n        key\n        count\n        suppressed\n      }\n      byCallerType {\n        key\n        count\n        suppressed\n      }\n      byChildAgeBand {\n        key\n        count\n        suppressed\n      }\n    }\n  }\n"): (typeof documents)["\n  query ContactStatistics {\n    contactStatistics {\n      from\n      to\n      total\n      anonymous\n      byCategory {\n        key\n        count\n        suppressed\n      }\n      byChannel {\n        key\n        count\n        suppressed\n      }\n      byCallerType {\n        key\n        count\n        suppressed\n      }\n      byChildAgeBand {\n        key\n        count\n        suppressed\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RiskStatistics {\n    riskStatistics {\n      from\n      to\n      assessments\n      ordersIssued\n      ordersExpiring\n      ordersBreached\n      assessmentsByLevel {\n        key\n        count\n        suppressed\n      }\n      ordersIssuedByKind {\n        key\n        count\n        suppressed\n      }\n    }\n  }\n"): (typeof documents)["\n  query RiskStatistics {\n    riskStatistics {\n      from\n      to\n      assessments\n      ordersIssued\n      ordersExpiring\n      ordersBreached\n      assessmentsByLevel {\n        key\n        count\n        suppressed\n      }\n      ordersIssuedByKind {\n        key\n        count\n        suppressed\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CaseNotes($caseId: UUID!) {\n    caseNotes(caseId: $caseId) {\n      id\n      caseId\n      authorId\n      body\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query CaseNotes($caseId: UUID!) {\n    caseNotes(caseId: $caseId) {\n      id\n      caseId\n      authorId\n      body\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddCaseNote($input: AddCaseNoteInput!) {\n    addCaseNote(input: $input) {\n      id\n      caseId\n      authorId\n      body\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  mutation AddCaseNote($input: AddCaseNoteInput!) {\n    addCaseNote(input: $input) {\n      id\n      caseId\n      authorId\n      body\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationFields on Notification {\n    id\n    kind\n    taskId\n    taskType\n    referralId\n    caseCode\n    dueAt\n    mandatory\n    createdAt\n  }\n"): (typeof documents)["\n  fragment NotificationFields on Notification {\n    id\n    kind\n    taskId\n    taskType\n    referralId\n    caseCode\n    dueAt\n    mandatory\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Notifications($first: Int!, $after: String) {\n    notifications(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...NotificationFields\n        }\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n"): (typeof documents)["\n  query Notifications($first: Int!, $after: String) {\n    notifications(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          ...NotificationFields\n        }\n      }\n      endCursor\n      hasNextPage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NotificationReceived {\n    notificationReceived {\n      ...NotificationFields\n    }\n  }\n"): (typeof documents)["\n  subscription NotificationReceived {\n    notificationReceived {\n      ...NotificationFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationSettingsFields on NotificationSettings {\n    email\n    language\n    preferences {\n      kind\n      channel\n      enabled\n      mandatory\n    }\n  }\n"): (typeof documents)["\n  fragment NotificationSettingsFields on NotificationSettings {\n    email\n    language\n    preferences {\n      kind\n      channel\n      enabled\n      mandatory\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationSettings {\n    notificationSettings {\n      ...NotificationSettingsFields\n    }\n  }\n"): (typeof documents)["\n  query NotificationSettings {\n    notificationSettings {\n      ...NotificationSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetNotificationPreference($input: SetNotificationPreferenceInput!) {\n    setNotificationPreference(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetNotificationPreference($input: SetNotificationPreferenceInput!) {\n    setNotificationPreference(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetNotificationEmail($input: SetNotificationContactInput!) {\n    setNotificationContact(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetNotificationEmail($input: SetNotificationContactInput!) {\n    setNotificationContact(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProtectionOrderFields on ProtectionOrder {\n    id\n    caseId\n    kind\n    issuer\n    status\n    appliedAt\n    issueDueAt\n    issuedAt\n    expiresAt\n    alertAt\n    extensionCount\n    conditions\n    breaches {\n      id\n      occurredAt\n      reportedAt\n      reporterOrganisationId\n    }\n  }\n"): (typeof documents)["\n  fragment ProtectionOrderFields on ProtectionOrder {\n    id\n    caseId\n    kind\n    issuer\n    status\n    appliedAt\n    issueDueAt\n    issuedAt\n    expiresAt\n    alertAt\n    extensionCount\n    conditions\n    breaches {\n      id\n      occurredAt\n      reportedAt\n      reporterOrganisationId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProtectionOrders($caseId: UUID!) {\n    protectionOrders(caseId: $caseId) {\n      ...ProtectionOrderFields\n    }\n  }\n"): (typeof documents)["\n  query ProtectionOrders($caseId: UUID!) {\n    protectionOrders(caseId: $caseId) {\n      ...ProtectionOrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApplyForProtectionOrder($input: ApplyForProtectionOrderInput!) {\n    applyForProtectionOrder(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n"): (typeof documents)["\n  mutation ApplyForProtectionOrder($input: ApplyForProtectionOrderInput!) {\n    applyForProtectionOrder(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordProtectionOrderIssued($input: RecordProtectionOrderIssuedInput!) {\n    recordProtectionOrderIssued(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n"): (typeof documents)["\n  mutation RecordProtectionOrderIssued($input: RecordProtectionOrderIssuedInput!) {\n    recordProtectionOrderIssued(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExtendProtectionOrder($input: ExtendProtectionOrderInput!) {\n    extendProtectionOrder(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n"): (typeof documents)["\n  mutation ExtendProtectionOrder($input: ExtendProtectionOrderInput!) {\n    extendProtectionOrder(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReportProtectionOrderBreach($input: ReportProtectionOrderBreachInput!) {\n    reportProtectionOrderBreach(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n"): (typeof documents)["\n  mutation ReportProtectionOrderBreach($input: ReportProtectionOrderBreachInput!) {\n    reportProtectionOrderBreach(input: $input) {\n      ...ProtectionOrderFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateReferral($input: CreateReferralInput!) {\n    createReferral(input: $input) {\n      id\n      status\n      disclosureAuthorised\n    }\n  }\n"): (typeof documents)["\n  mutation CreateReferral($input: CreateReferralInput!) {\n    createReferral(input: $input) {\n      id\n      status\n      disclosureAuthorised\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReferralPage($id: UUID!) {\n    referral(id: $id) {\n      id\n      caseId\n      caseCode\n      status\n      serviceType\n      purpose\n      dataCategories\n      dataProfile\n      fromOrganisationId\n      toOrganisationId\n      legalBasis\n      disclosureAuthorised\n      countersignedAt\n      createdAt\n      respondedAt\n      responseDueAt\n      serviceDueAt\n      completedAt\n      declineReason\n      outcomeNote\n      withdrawReason\n      version\n    }\n  }\n"): (typeof documents)["\n  query ReferralPage($id: UUID!) {\n    referral(id: $id) {\n      id\n      caseId\n      caseCode\n      status\n      serviceType\n      purpose\n      dataCategories\n      dataProfile\n      fromOrganisationId\n      toOrganisationId\n      legalBasis\n      disclosureAuthorised\n      countersignedAt\n      createdAt\n      respondedAt\n      responseDueAt\n      serviceDueAt\n      completedAt\n      declineReason\n      outcomeNote\n      withdrawReason\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReferralParty($caseId: UUID!) {\n    case(id: $caseId) {\n      id\n      access\n    }\n  }\n"): (typeof documents)["\n  query ReferralParty($caseId: UUID!) {\n    case(id: $caseId) {\n      id\n      access\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReasonCodes($kind: ReasonKind!) {\n    reasonCodes(kind: $kind) {\n      code\n      labels {\n        az\n        en\n        ru\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReasonCodes($kind: ReasonKind!) {\n    reasonCodes(kind: $kind) {\n      code\n      labels {\n        az\n        en\n        ru\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptReferral($input: AcceptReferralInput!) {\n    acceptReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptReferral($input: AcceptReferralInput!) {\n    acceptReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclineReferral($input: DeclineReferralInput!) {\n    declineReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation DeclineReferral($input: DeclineReferralInput!) {\n    declineReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteReferral($input: CompleteReferralInput!) {\n    completeReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteReferral($input: CompleteReferralInput!) {\n    completeReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WithdrawReferral($input: WithdrawReferralInput!) {\n    withdrawReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation WithdrawReferral($input: WithdrawReferralInput!) {\n    withdrawReferral(input: $input) {\n      id\n      status\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Countersign($referralId: UUID!) {\n    countersignLegalOverride(referralId: $referralId) {\n      id\n      status\n      disclosureAuthorised\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation Countersign($referralId: UUID!) {\n    countersignLegalOverride(referralId: $referralId) {\n      id\n      status\n      disclosureAuthorised\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RiskInstrument {\n    riskInstrument {\n      version\n      items {\n        id\n        type\n        weight\n        redFlagAt\n        labels {\n          az\n          en\n          ru\n        }\n        options {\n          value\n          weight\n          labels {\n            az\n            en\n            ru\n          }\n        }\n      }\n      thresholds {\n        level\n        min\n        max\n      }\n    }\n  }\n"): (typeof documents)["\n  query RiskInstrument {\n    riskInstrument {\n      version\n      items {\n        id\n        type\n        weight\n        redFlagAt\n        labels {\n          az\n          en\n          ru\n        }\n        options {\n          value\n          weight\n          labels {\n            az\n            en\n            ru\n          }\n        }\n      }\n      thresholds {\n        level\n        min\n        max\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RiskAssessments($caseId: UUID!, $withAnswers: Boolean!) {\n    riskAssessments(caseId: $caseId) {\n      id\n      assessedAt\n      assessorId\n      organisationId\n      source\n      instrumentVersion\n      level\n      previousLevel\n      score\n      redFlags\n      answers @include(if: $withAnswers) {\n        item\n        value\n      }\n      conference {\n        id\n        requestedAt\n        outcome\n        outcomeRecordedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query RiskAssessments($caseId: UUID!, $withAnswers: Boolean!) {\n    riskAssessments(caseId: $caseId) {\n      id\n      assessedAt\n      assessorId\n      organisationId\n      source\n      instrumentVersion\n      level\n      previousLevel\n      score\n      redFlags\n      answers @include(if: $withAnswers) {\n        item\n        value\n      }\n      conference {\n        id\n        requestedAt\n        outcome\n        outcomeRecordedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssessRisk($input: AssessRiskInput!) {\n    assessRisk(input: $input) {\n      id\n      level\n      score\n      redFlags\n    }\n  }\n"): (typeof documents)["\n  mutation AssessRisk($input: AssessRiskInput!) {\n    assessRisk(input: $input) {\n      id\n      level\n      score\n      redFlags\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordRiskConferenceOutcome($input: RecordRiskConferenceOutcomeInput!) {\n    recordRiskConferenceOutcome(input: $input) {\n      id\n      outcome\n      outcomeRecordedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RecordRiskConferenceOutcome($input: RecordRiskConferenceOutcomeInput!) {\n    recordRiskConferenceOutcome(input: $input) {\n      id\n      outcome\n      outcomeRecordedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffNames($organisationId: UUID!) {\n    staffMembers(organisationId: $organisationId) {\n      id\n      displayName\n    }\n  }\n"): (typeof documents)["\n  query StaffNames($organisationId: UUID!) {\n    staffMembers(organisationId: $organisationId) {\n      id\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SafetyPlanItemFields on SafetyPlanItem {\n    id\n    caseId\n    action\n    status\n    dueAt\n    reviewAt\n    note\n    organisationId\n    responsibleOrganisationId\n    version\n  }\n"): (typeof documents)["\n  fragment SafetyPlanItemFields on SafetyPlanItem {\n    id\n    caseId\n    action\n    status\n    dueAt\n    reviewAt\n    note\n    organisationId\n    responsibleOrganisationId\n    version\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SafetyPlan($caseId: UUID!) {\n    safetyPlan(caseId: $caseId) {\n      ...SafetyPlanItemFields\n    }\n  }\n"): (typeof documents)["\n  query SafetyPlan($caseId: UUID!) {\n    safetyPlan(caseId: $caseId) {\n      ...SafetyPlanItemFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddSafetyPlanItem($input: AddSafetyPlanItemInput!) {\n    addSafetyPlanItem(input: $input) {\n      ...SafetyPlanItemFields\n    }\n  }\n"): (typeof documents)["\n  mutation AddSafetyPlanItem($input: AddSafetyPlanItemInput!) {\n    addSafetyPlanItem(input: $input) {\n      ...SafetyPlanItemFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSafetyPlanItem($input: UpdateSafetyPlanItemInput!) {\n    updateSafetyPlanItem(input: $input) {\n      ...SafetyPlanItemFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSafetyPlanItem($input: UpdateSafetyPlanItemInput!) {\n    updateSafetyPlanItem(input: $input) {\n      ...SafetyPlanItemFields\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;