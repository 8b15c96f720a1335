/**
 * Contact and case categories. Sub-categories roll up into a parent so monitoring reports can show both levels
 * (e.g. the Child Helpline's "violence 808 (cyber-violence 120, bullying 53)").
 */
export enum CaseCategory {
  DOMESTIC_VIOLENCE = 'DOMESTIC_VIOLENCE',
  SHELTER = 'SHELTER',
  DIVORCE_PROBLEMS = 'DIVORCE_PROBLEMS',
  LOW_WELFARE = 'LOW_WELFARE',
  LEGAL_AID = 'LEGAL_AID',
  HEALTH_RIGHTS = 'HEALTH_RIGHTS',
  PSYCHOLOGICAL = 'PSYCHOLOGICAL',
  SOCIAL = 'SOCIAL',
  VIOLENCE = 'VIOLENCE',
  CYBER_VIOLENCE = 'CYBER_VIOLENCE',
  BULLYING = 'BULLYING',
  EXPLOITATION = 'EXPLOITATION',
  EARLY_MARRIAGE = 'EARLY_MARRIAGE',
  LEAVING_DANGEROUS_FAMILY = 'LEAVING_DANGEROUS_FAMILY',
  FORCED_BEGGING = 'FORCED_BEGGING',
  LABOUR_EXPLOITATION = 'LABOUR_EXPLOITATION',
  SUICIDAL = 'SUICIDAL',
  EDUCATION = 'EDUCATION',
  OTHER = 'OTHER',
}

const PARENT: Partial<Record<CaseCategory, CaseCategory>> = {
  [CaseCategory.CYBER_VIOLENCE]: CaseCategory.VIOLENCE,
  [CaseCategory.BULLYING]: CaseCategory.VIOLENCE,
  [CaseCategory.EARLY_MARRIAGE]: CaseCategory.EXPLOITATION,
  [CaseCategory.LEAVING_DANGEROUS_FAMILY]: CaseCategory.EXPLOITATION,
  [CaseCategory.FORCED_BEGGING]: CaseCategory.EXPLOITATION,
  [CaseCategory.LABOUR_EXPLOITATION]: CaseCategory.EXPLOITATION,
};

/** The category a sub-category is counted under, or null for a top-level category. */
export function parentCategory(category: CaseCategory): CaseCategory | null {
  return PARENT[category] ?? null;
}
