import { RiskLevel } from './case';
import { type RiskInstrument, type RiskItem, RiskItemType, type RiskLabels } from './risk-instrument';

/*
 * The project's default risk instrument. Every question is written by the project, in its own words, from lethality
 * indicators that published research and practice guidance agree on (sources in docs/risk-instrument.md); no item
 * text of any copyrighted instrument is reproduced. Weights and bands are a starting point for a deployment to
 * review with its practitioners and replace through RISK_INSTRUMENT_FILE.
 */

const yesNo = (id: string, weight: number, redFlag: boolean, labels: RiskLabels): RiskItem => ({
  id,
  type: RiskItemType.YES_NO,
  labels,
  weight,
  redFlagAt: redFlag ? 1 : null,
});

export const DEFAULT_RISK_INSTRUMENT: RiskInstrument = {
  version: '2026-12-default-1',
  items: [
    yesNo('PRIOR_STRANGULATION', 5, true, {
      az: 'Zorakı şəxs nə vaxtsa onu boğmağa, nəfəsini kəsməyə cəhd edibmi?',
      en: 'Has the abuser ever choked or strangled her, or otherwise stopped her breathing?',
      ru: 'Пытался ли обидчик когда-либо душить её или иначе перекрывать ей дыхание?',
    }),
    yesNo('THREAT_TO_KILL', 5, true, {
      az: 'Zorakı şəxs onu, uşaqlarını və ya yaxınlarını öldürməklə hədələyibmi?',
      en: 'Has the abuser threatened to kill her, her children or someone close to her?',
      ru: 'Угрожал ли обидчик убить её, её детей или близких ей людей?',
    }),
    yesNo('WEAPON_USED_OR_THREATENED', 5, true, {
      az: 'Zorakı şəxs ona qarşı silah və ya təhlükəli əşya işlədib, yaxud bununla hədələyibmi?',
      en: 'Has the abuser used, or threatened her with, a weapon or a dangerous object?',
      ru: 'Применял ли обидчик против неё оружие или опасный предмет либо угрожал им?',
    }),
    yesNo('WEAPON_ACCESS', 3, false, {
      az: 'Zorakı şəxsin odlu silahı və ya başqa silahı var, yaxud onu əldə edə bilərmi?',
      en: 'Does the abuser own, or can he easily obtain, a firearm or another weapon?',
      ru: 'Есть ли у обидчика огнестрельное или иное оружие, или может ли он легко его достать?',
    }),
    yesNo('ESCALATING_VIOLENCE', 3, false, {
      az: 'Zorakılıq son vaxtlar daha tez-tez baş verir və ya daha ağırlaşıbmı?',
      en: 'Has the violence recently become more frequent or more severe?',
      ru: 'Стало ли насилие в последнее время чаще или тяжелее?',
    }),
    yesNo('SEPARATION', 3, false, {
      az: 'O, son vaxtlar zorakı şəxsdən ayrılıb və ya ayrılmağı planlaşdırırmı?',
      en: 'Has she recently separated from the abuser, or is she planning to?',
      ru: 'Рассталась ли она недавно с обидчиком или планирует расстаться?',
    }),
    yesNo('HARM_TO_CHILDREN', 3, false, {
      az: 'Zorakı şəxs uşaqlara zərər vurub və ya onlara zərər vurmaqla hədələyibmi?',
      en: 'Has the abuser harmed the children, or threatened to harm them?',
      ru: 'Причинял ли обидчик вред детям или угрожал причинить?',
    }),
    yesNo('PREGNANCY', 2, false, {
      az: 'O, hamilədir və ya son bir ildə doğuş keçiribmi?',
      en: 'Is she pregnant, or has she given birth in the past year?',
      ru: 'Беременна ли она или родила ли в течение последнего года?',
    }),
    yesNo('STALKING', 2, false, {
      az: 'Zorakı şəxs onu izləyir, güdür və ya davamlı olaraq narahat edirmi?',
      en: 'Does the abuser follow, watch or keep harassing her?',
      ru: 'Преследует ли обидчик её, следит ли за ней или постоянно её донимает?',
    }),
    yesNo('SEXUAL_VIOLENCE', 2, false, {
      az: 'Zorakı şəxs onu cinsi əlaqəyə məcbur edibmi?',
      en: 'Has the abuser forced her into sexual acts?',
      ru: 'Принуждал ли обидчик её к сексуальным действиям?',
    }),
    yesNo('SERIOUS_INJURY', 2, false, {
      az: 'Zorakılıq nəticəsində ona tibbi yardım tələb edən xəsarət yetirilibmi?',
      en: 'Has the violence ever injured her badly enough to need medical care?',
      ru: 'Получала ли она от насилия травмы, требовавшие медицинской помощи?',
    }),
    yesNo('PRIOR_ORDER_BREACH', 2, false, {
      az: 'Zorakı şəxs əvvəllər mühafizə orderini və ya məhkəmə qadağasını pozubmu?',
      en: 'Has the abuser ever breached a protection order or another court restriction?',
      ru: 'Нарушал ли обидчик охранный ордер или иной судебный запрет?',
    }),
    yesNo('PERPETRATOR_SUICIDE_THREATS', 2, false, {
      az: 'Zorakı şəxs özünü öldürməklə hədələyib və ya buna cəhd edibmi?',
      en: 'Has the abuser threatened or attempted suicide?',
      ru: 'Угрожал ли обидчик самоубийством или пытался его совершить?',
    }),
    yesNo('CONTROLLING_JEALOUSY', 1, false, {
      az: 'Zorakı şəxs onun hərəkətlərini, pulunu və ya əlaqələrini nəzarətdə saxlayır, qısqanclıqla izləyirmi?',
      en: 'Does the abuser control her movements, money or contacts, or is he constantly jealous?',
      ru: 'Контролирует ли обидчик её передвижения, деньги или общение, проявляет ли постоянную ревность?',
    }),
    yesNo('ISOLATION', 1, false, {
      az: 'Zorakı şəxs onu ailəsindən və dostlarından təcrid edirmi?',
      en: 'Does the abuser keep her away from family and friends?',
      ru: 'Изолирует ли обидчик её от семьи и друзей?',
    }),
    yesNo('SUBSTANCE_MISUSE', 1, false, {
      az: 'Zorakı şəxs spirtli içki və ya narkotik vasitələrdən sui-istifadə edirmi?',
      en: 'Does the abuser misuse alcohol or drugs?',
      ru: 'Злоупотребляет ли обидчик алкоголем или наркотиками?',
    }),
    {
      id: 'SURVIVOR_FEAR',
      type: RiskItemType.SCALE,
      labels: {
        az: 'O, özü nə dərəcədə qorxur?',
        en: 'How afraid is she herself?',
        ru: 'Насколько она сама боится?',
      },
      weight: 0,
      options: [
        { value: 0, weight: 0, labels: { az: 'Qorxmur', en: 'Not afraid', ru: 'Не боится' } },
        { value: 1, weight: 1, labels: { az: 'Bir qədər qorxur', en: 'Somewhat afraid', ru: 'Немного боится' } },
        { value: 2, weight: 3, labels: { az: 'Çox qorxur', en: 'Very afraid', ru: 'Очень боится' } },
        {
          value: 3,
          weight: 5,
          labels: {
            az: 'Onu öldürə biləcəyindən qorxur',
            en: 'Afraid he will kill her',
            ru: 'Боится, что он её убьёт',
          },
        },
      ],
      redFlagAt: 3,
    },
  ],
  thresholds: [
    { level: RiskLevel.LOW, min: 0, max: 4 },
    { level: RiskLevel.MEDIUM, min: 5, max: 11 },
    { level: RiskLevel.HIGH, min: 12, max: null },
  ],
};
