import { memo, useCallback, useEffect, useState } from 'react';
import { ActionIcon, AppShell, Button, Group, Kbd, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useHotkeys, useMediaQuery } from '@mantine/hooks';
import { spotlight } from '@mantine/spotlight';
import { IconHelp, IconLock, IconLogout, IconSearch, IconSettings } from '@tabler/icons-react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useApi } from '../api/ApiContext.tsx';
import { ColorSchemeToggle } from '../design/ColorSchemeToggle.tsx';
import { ConfirmDialog } from '../design/ConfirmDialog.tsx';
import { LeaveGuardProvider } from '../design/useLeaveGuard.tsx';
import { SyncStatusBar } from '../sync-status/SyncStatusBar.tsx';
import { ResultsCount } from '../results/ResultsCount.tsx';
import { UpdateBanner } from '../updates/UpdateBanner.tsx';
import { useCurrentUser } from './CurrentUser.tsx';
import { HelpOverlay } from './HelpOverlay.tsx';
import { ROLE_LABEL } from './landing.ts';
import { NAV_ITEMS } from './nav.ts';
import { PatientSpotlight } from './PatientSpotlight.tsx';
import { rememberLocation } from './lastLocation.ts';
import { useShellNavigate } from './ShellNavigation.tsx';

const HEADER_HEIGHT = 52;

/** Keeps the current path for unlock (its own component, so a tab switch re-renders nothing else of the shell). */
function RememberLocation({ userId }: { userId: string }) {
  const { pathname } = useLocation();
  useEffect(() => rememberLocation(userId, pathname), [userId, pathname]);
  return null;
}

/**
 * The signed-in frame: top bar (brand, workspaces, patient search, sync, user, help, lock, sign out) and the routed screen.
 * It reads no route state (moves with `useShellNavigate`), so a navigation inside a screen, such as a chart
 * tab switch, re-renders only `<Outlet />`'s screen, the workspace links and `RememberLocation`, not the frame.
 */
export function ShellLayout() {
  const { user, signOut } = useCurrentUser();
  const [help, setHelp] = useState(false);
  const api = useApi();
  // Signing out with changes the server has not accepted yet asks first; they are kept either way.
  const [unsynced, setUnsynced] = useState<{ queued: number; refused: number } | null>(null);
  const requestSignOut = useCallback(() => {
    api.session.unsyncedCount().then(
      (n) => { if (n.queued + n.refused > 0) setUnsynced(n); else signOut(); },
      () => signOut(),
    );
  }, [api, signOut]);
  const openHelp = useCallback(() => setHelp(true), []);
  const closeHelp = useCallback(() => setHelp(false), []);
  return (
    <LeaveGuardProvider>
      <AppShell header={{ height: HEADER_HEIGHT }} padding="md">
        <AppShell.Header className="lantern-topbar">
          <TopBar onHelp={openHelp} onSignOut={requestSignOut} />
        </AppShell.Header>
        <AppShell.Main>
          <main className="lantern-main" id="main">
            <UpdateBanner />
            <Outlet />
          </main>
        </AppShell.Main>
      </AppShell>
      <RememberLocation userId={user.userId} />
      <PatientSpotlight />
      <HelpOverlay opened={help} onClose={closeHelp} />
      <ConfirmDialog
        opened={unsynced !== null}
        title="Sign out with changes not yet synced?"
        confirmLabel="Sign out"
        cancelLabel="Stay signed in"
        onConfirm={() => { setUnsynced(null); signOut(); }}
        onCancel={() => setUnsynced(null)}
      >
        {unsynced === null ? '' : `${unsynced.queued} change${unsynced.queued === 1 ? '' : 's'} waiting to sync and ${unsynced.refused} not accepted by the server. They stay on this workstation and are sent at your next sign-in here; nothing is deleted.`}
      </ConfirmDialog>
    </LeaveGuardProvider>
  );
}

/** The top bar; memoised, so it renders again only when its own queries (results, sync) or the window width change. */
const TopBar = memo(function TopBar({ onHelp, onSignOut }: { onHelp: () => void; onSignOut: () => void }) {
  const { user, mode, lock } = useCurrentUser();
  const navigate = useShellNavigate();
  // ? is Shift+/ on most layouts; Mantine matches the produced character too.
  useHotkeys([['shift+?', onHelp], ['?', onHelp], ['alt+shift+L', lock]]);
  const nav = NAV_ITEMS.filter((n) => n.roles.includes(user.role));
  // Below 1440 px Lock and Sign out are icons (named, with a tooltip), leaving room for the user's name.
  const roomy = useMediaQuery('(min-width: 90em)');
  return (
    <Group h="100%" px="sm" gap="xs" wrap="nowrap" justify="space-between">
      <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
        <UnstyledButton onClick={() => navigate('/')} aria-label="Lantern: go to your start page" className="lantern-brand">Lantern</UnstyledButton>
        <nav aria-label="Workspaces">
          <Group gap={2} wrap="nowrap">
            {nav.map((n) => (
              <NavLink key={n.to} to={n.to} className="lantern-navlink">{n.label}</NavLink>
            ))}
          </Group>
        </nav>
        <Tooltip label={<>Find a patient from anywhere: <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">K</Kbd> or <Kbd size="xs">/</Kbd></>}>
          <ActionIcon variant="subtle" color="gray" aria-label="Find patient" aria-keyshortcuts="Control+K /" onClick={() => spotlight.open()}>
            <IconSearch size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Group>
      {/* Shrinks before it overflows: the user's name gives way first (ellipsis, full name in the tooltip). */}
      <Group gap="xs" wrap="nowrap" justify="flex-end" style={{ minWidth: 0, flex: '1 1 auto' }}>
        {(user.role === 'physician' || user.role === 'nurse') && <div style={{ flexShrink: 0 }}><ResultsCount onOpen={() => navigate('/results')} /></div>}
        <SyncStatusBar onOpenConflicts={() => navigate('/conflicts')} />
        <Tooltip label={`${user.displayName} (${user.username}) · ${ROLE_LABEL[user.role]}${mode === 'offline' ? ' · signed in offline' : ''}`}>
          <Text size="sm" data-testid="current-user" tabIndex={0} title={`${user.displayName} (${user.username})`} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: '16rem', minWidth: '3rem', flex: '0 1 auto' }}>
            {user.displayName} · {ROLE_LABEL[user.role]}{mode === 'offline' ? ' · signed in offline' : ''}
          </Text>
        </Tooltip>
        <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
          <ColorSchemeToggle />
          <Tooltip label="Keyboard shortcuts (?)">
            <ActionIcon color="gray" aria-label="Keyboard shortcuts" onClick={onHelp}><IconHelp size={18} aria-hidden /></ActionIcon>
          </Tooltip>
          <Tooltip label="Workstation settings">
            <ActionIcon color="gray" aria-label="Workstation settings" onClick={() => navigate('/workstation')}><IconSettings size={18} aria-hidden /></ActionIcon>
          </Tooltip>
          {roomy ? (
            <>
              <Button variant="default" size="xs" leftSection={<IconLock size={14} aria-hidden />} onClick={lock}>Lock</Button>
              <Button variant="default" size="xs" leftSection={<IconLogout size={14} aria-hidden />} onClick={onSignOut}>Sign out</Button>
            </>
          ) : (
            <>
              <Tooltip label="Lock (Alt+Shift+L)">
                <ActionIcon color="gray" aria-label="Lock" onClick={lock}><IconLock size={18} aria-hidden /></ActionIcon>
              </Tooltip>
              <Tooltip label="Sign out">
                <ActionIcon color="gray" aria-label="Sign out" onClick={onSignOut}><IconLogout size={18} aria-hidden /></ActionIcon>
              </Tooltip>
            </>
          )}
        </Group>
      </Group>
    </Group>
  );
});
