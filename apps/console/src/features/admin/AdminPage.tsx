import { useMe } from '../../app/MeGate';
import { sectionsFor } from '../../app/navigation';
import { Link, type Route } from '../../app/router';
import { Page } from '../../components/Page';
import { useI18n } from '../../i18n/i18n';
import { type MessageKey } from '../../i18n/messages/en';

const LINKS: {
  section: 'organisations' | 'staff' | 'webhooks';
  route: Route;
  title: MessageKey;
  body: MessageKey;
}[] = [
  {
    section: 'organisations',
    route: { name: 'organisations' },
    title: 'admin.organisations',
    body: 'admin.organisationsIntro',
  },
  { section: 'staff', route: { name: 'staff' }, title: 'admin.staff', body: 'admin.staffIntro' },
  { section: 'webhooks', route: { name: 'webhooks' }, title: 'admin.webhooks', body: 'admin.webhooksIntro' },
];

/** Administration: the screens this member's roles use (the API refuses the others plainly if reached). */
export function AdminPage() {
  const { t } = useI18n();
  const sections = sectionsFor(useMe());
  return (
    <Page title={t('admin.title')}>
      <ul className="link-list">
        {LINKS.filter((l) => sections.includes(l.section)).map((l) => (
          <li key={l.section}>
            <Link to={l.route}>{t(l.title)}</Link>
            <p className="hint">{t(l.body)}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
