/** First-contact vocabulary, as published by the Women Support Line and the Child Helpline (seeds 000, 001, 003). */
export enum ContactChannel {
  LANDLINE = 'LANDLINE',
  MOBILE = 'MOBILE',
  SOCIAL_MEDIA = 'SOCIAL_MEDIA',
  MOBILE_APP = 'MOBILE_APP',
  EMAIL = 'EMAIL',
  WEB_CHAT = 'WEB_CHAT',
  WALK_IN = 'WALK_IN',
}

export enum CallerType {
  WOMAN = 'WOMAN',
  MAN = 'MAN',
  ANONYMOUS = 'ANONYMOUS',
}

export enum ChildAgeBand {
  UNDER_11 = 'UNDER_11',
  AGE_11_14 = 'AGE_11_14',
  AGE_15_18 = 'AGE_15_18',
}
