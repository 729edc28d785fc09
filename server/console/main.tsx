// The console's shell: who is signed in, the navigation, and which page the URL names.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, useCsrfToken, whenSignedOut, type Session } from './api.js';
import { AlertPage } from './pages/alert-detail.js';
import { AlertQueue } from './pages/alerts.js';
import { AuditPage } from './pages/audit.js';
import { ClusterPage } from './pages/cluster.js';
import { ClustersPage } from './pages/clusters.js';
import { CompliancePage } from './pages/compliance.js';
import { DevicePage } from './pages/device.js';
import { InventoryPage } from './pages/inventory.js';
import { OutputsPage } from './pages/outputs.js';
import { OverviewPage } from './pages/overview.js';
import { PolicyPage } from './pages/policy.js';
import { SignIn } from './pages/sign-in.js';
import { SuppressionsPage } from './pages/suppressions.js';
import { TokensPage } from './pages/tokens.js';
import { UsersPage } from './pages/users.js';
import { Link, navigate, useLocation } from './router.js';

function Page({ session }: { session: Session }) {
  const { path } = useLocation();
  const [, section, id] = path.split('/').map(decodeURIComponent);
  useEffect(() => {
    // A new page moves the focus to its content, as a page load would (keyboard and screen-reader users).
    const main = document.getElementById('main');
    main?.setAttribute('tabindex', '-1');
    main?.focus();
  }, [path]);
  switch (section) {
    case '':
    case 'overview':
      return <OverviewPage />;
    case 'alerts':
      return id ? <AlertPage id={id} user={session.user} /> : <AlertQueue />;
    case 'clusters':
      return id ? <ClusterPage id={id} /> : <ClustersPage />;
    case 'devices':
      return <DevicePage id={id ?? ''} />;
    case 'compliance':
      return <CompliancePage />;
    case 'audit':
      return <AuditPage />;
    case 'users':
      return <UsersPage />;
    case 'suppressions':
      return <SuppressionsPage />;
    case 'policy':
      return <PolicyPage />;
    case 'tokens':
      return <TokensPage />;
    case 'inventory':
      return <InventoryPage />;
    case 'outputs':
      return <OutputsPage />;
    default:
      return <main id="main"><h1>Not found</h1><p>No page at {path}. <Link href="/alerts">Go to the alerts.</Link></p></main>;
  }
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { path } = useLocation();
  const links = [
    ['/overview', 'Overview'], ['/alerts', 'Alerts'], ['/clusters', 'Clusters'], ['/compliance', 'Compliance'], ['/suppressions', 'Suppressions'], ['/inventory', 'Inventory'],
    ...(session.user.role === 'viewer' ? [] : [['/audit', 'Audit log']]),
    ...(session.user.role === 'admin' ? [['/policy', 'Policy'], ['/outputs', 'Outputs'], ['/users', 'Users'], ['/tokens', 'API tokens']] : []),
  ];
  return (
    <>
      <a class="skip" href="#main">Skip to content</a>
      <header>
        <span class="brand">FarmWatch</span>
        <nav aria-label="Sections">
          {links.map(([href, label]) => (
            <Link key={href} href={href!} class={path.startsWith(href!) || (href === '/overview' && path === '/') ? 'current' : ''}>{label}</Link>
          ))}
        </nav>
        <span class="who">{session.user.username} ({session.user.role})</span>
        <button type="button" onClick={onSignOut}>Sign out</button>
      </header>
      <Page session={session} />
    </>
  );
}

function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const signedIn = (s: Session) => {
    useCsrfToken(s.csrfToken);
    setSession(s);
  };
  useEffect(() => {
    whenSignedOut(() => setSession(null));
    api<Session>('/api/v1/session').then(signedIn, () => setSession(null));
  }, []);
  if (session === undefined) return <p aria-live="polite">Loading…</p>;
  if (session === null) return <SignIn onSignedIn={signedIn} />;
  const signOut = async () => {
    await api('/api/v1/session', { method: 'DELETE' }).catch(() => undefined);
    setSession(null);
    navigate('/');
  };
  return <Shell session={session} onSignOut={signOut} />;
}

// Alert outputs link to /console/alerts/:id (server/outputs/event.ts): the same pages without the prefix.
if (location.pathname === '/console' || location.pathname.startsWith('/console/')) {
  history.replaceState(null, '', (location.pathname.slice('/console'.length) || '/') + location.search);
}

render(<App />, document.getElementById('app')!);
