import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * A small history router. Paths carry ids only (never a name, phone or search term): search terms stay in component
 * state, so nothing personal reaches the address bar, the history or a Referer.
 */
export type Route =
  | { name: 'inbox' }
  | { name: 'openCase' }
  | { name: 'caseload' }
  | { name: 'case'; caseId: string }
  | { name: 'refer'; caseId: string }
  | { name: 'referral'; referralId: string }
  | { name: 'monitoring' }
  | { name: 'audit' }
  | { name: 'admin' }
  | { name: 'organisations' }
  | { name: 'staff' }
  | { name: 'webhooks' }
  | { name: 'notifications' }
  | { name: 'notificationSettings' }
  | { name: 'notFound' };

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export function matchRoute(path: string): Route {
  if (path === '/' || path === '/inbox') return { name: 'inbox' };
  if (path === '/cases/new') return { name: 'openCase' };
  if (path === '/caseload') return { name: 'caseload' };
  if (path === '/monitoring') return { name: 'monitoring' };
  if (path === '/audit') return { name: 'audit' };
  if (path === '/admin') return { name: 'admin' };
  if (path === '/admin/organisations') return { name: 'organisations' };
  if (path === '/admin/staff') return { name: 'staff' };
  if (path === '/admin/webhooks') return { name: 'webhooks' };
  if (path === '/notifications') return { name: 'notifications' };
  if (path === '/notifications/settings') return { name: 'notificationSettings' };
  let m = new RegExp(`^/cases/(${UUID})$`).exec(path);
  if (m?.[1]) return { name: 'case', caseId: m[1] };
  m = new RegExp(`^/cases/(${UUID})/refer$`).exec(path);
  if (m?.[1]) return { name: 'refer', caseId: m[1] };
  m = new RegExp(`^/referrals/(${UUID})$`).exec(path);
  if (m?.[1]) return { name: 'referral', referralId: m[1] };
  return { name: 'notFound' };
}

export function pathOf(route: Route): string {
  switch (route.name) {
    case 'inbox':
      return '/';
    case 'openCase':
      return '/cases/new';
    case 'caseload':
      return '/caseload';
    case 'case':
      return `/cases/${route.caseId}`;
    case 'refer':
      return `/cases/${route.caseId}/refer`;
    case 'referral':
      return `/referrals/${route.referralId}`;
    case 'monitoring':
      return '/monitoring';
    case 'audit':
      return '/audit';
    case 'admin':
      return '/admin';
    case 'organisations':
      return '/admin/organisations';
    case 'staff':
      return '/admin/staff';
    case 'webhooks':
      return '/admin/webhooks';
    case 'notifications':
      return '/notifications';
    case 'notificationSettings':
      return '/notifications/settings';
    case 'notFound':
      return '/';
  }
}

const NAVIGATE = 'nrm:navigate';

export function navigate(route: Route): void {
  window.history.pushState(null, '', pathOf(route));
  window.dispatchEvent(new Event(NAVIGATE));
}

export function useRoute(): Route {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const update = (): void => setPath(window.location.pathname);
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATE, update);
    };
  }, []);
  return matchRoute(path);
}

export function Link({
  to,
  children,
  ...rest
}: { to: Route } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>): void => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={pathOf(to)} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
