import { lazy, memo, Suspense, useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { Button } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { canSignOrders, type ChartTab, type ChartView, type PatientBanner as Banner, type Role, type SessionUser } from '@lantern/core';
import { useApi } from '../api/ApiContext.tsx';
import { errorMessage } from '../api/WorkstationApi.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { PatientBanner } from '../patient-banner/PatientBanner.tsx';
import { BreakGlassBanner } from '../break-glass/BreakGlassBanner.tsx';
import { VitalsTab } from '../vitals/VitalsTab.tsx';
import { AllergiesTab, EncountersTab, MedicationsTab, ProblemsTab } from './ListTabs.tsx';
import { NotesTab } from './NotesTab.tsx';
import { ListEntryChange } from './ListEntryChange.tsx';
import { ProblemAdd } from './ProblemAdd.tsx';
import { NotesWorkspace } from './NotesWorkspace.tsx';
import { SummaryTab } from './SummaryTab.tsx';
import { AppsMenu } from './AppsMenu.tsx';
import { ErrorState } from '../design/ErrorState.tsx';
import { LoadingSkeleton } from '../design/LoadingSkeleton.tsx';
import { LeaveGuardScope } from '../design/useLeaveGuard.tsx';

// The screens that change what a patient receives carry the CDS knowledge base, the formulary and the
// order composer, a third of the signed-in code: they load after the chart is on screen (see
// `warmLazyScreens`), so signing in and opening a chart do not parse them.
const loadOrdersWorkspace = () => import('./OrdersWorkspace.tsx');
const loadDoseChange = () => import('./DoseChange.tsx');
const loadOrderStatusChange = () => import('./OrderStatusChange.tsx');
const loadAllergyAdd = () => import('./AllergyAdd.tsx');
const OrdersWorkspace = lazy(async () => ({ default: (await loadOrdersWorkspace()).OrdersWorkspace }));
const DoseChange = lazy(async () => ({ default: (await loadDoseChange()).DoseChange }));
const OrderStatusChange = lazy(async () => ({ default: (await loadOrderStatusChange()).OrderStatusChange }));
const AllergyAdd = lazy(async () => ({ default: (await loadAllergyAdd()).AllergyAdd }));

/**
 * The code of the tabs not shown first (the trend chart's library, the order screens with the CDS
 * knowledge base), fetched and run once the chart is on screen, so the first visit to those tabs does
 * not wait for it and opening the chart does not compete with it.
 */
function warmLazyScreens({ editable, trends }: { editable: boolean; trends: boolean }): void {
  if (trends) void import('../vitals/LabTrendChart.tsx');
  if (editable) void Promise.all([loadOrdersWorkspace(), loadDoseChange(), loadOrderStatusChange(), loadAllergyAdd()]);
}

/** Runs `fn` when the browser next has nothing to do (at the latest after 2 s); returns a cancel. */
function whenIdle(fn: () => void): () => void {
  if (typeof window.requestIdleCallback !== 'function') {
    const t = window.setTimeout(fn, 500);
    return () => window.clearTimeout(t);
  }
  const id = window.requestIdleCallback(fn, { timeout: 2000 });
  return () => window.cancelIdleCallback(id);
}

const TAB_LABEL: Record<ChartTab, string> = {
  summary: 'Summary',
  problems: 'Problems',
  medications: 'Medications',
  orders: 'Orders',
  allergies: 'Allergies',
  vitals: 'Vitals & labs',
  encounters: 'Encounters',
  notes: 'Notes',
};

/**
 * A patient's chart. Tabs come from the host, which asks the core access policy: a tab the role may
 * not see is not rendered at all (and its data never leaves the host). Every tab's data is prefetched
 * when the chart opens so switching tabs does not wait on the store.
 *
 * The open tab is part of the URL (`/patients/:id/:tab`): the route passes `tab` and `onTab`, so Back
 * returns to the previous tab and a link reopens the same one. Without `onTab` (component tests) the
 * chart keeps the tab itself. Alt+1…9 jump to a tab; work in any tab is guarded per chart
 * (`useLeaveGuard`): moving between this chart's tabs loses nothing, leaving the chart asks first.
 */
export function ChartScreen({ patientId, role, user, onClose, tab: routeTab, onTab, noteId }: {
  patientId: string; role: Role; user?: SessionUser; onClose: () => void; tab?: string; onTab?: (tab: ChartTab) => void; noteId?: string;
}) {
  const api = useApi();
  const qc = useQueryClient();
  const [ownTab, setOwnTab] = useState<ChartTab>('summary');
  const wanted: string = onTab === undefined ? ownTab : (routeTab ?? 'summary');
  const [visited, setVisited] = useState<ReadonlySet<string>>(() => new Set<string>([wanted]));
  if (!visited.has(wanted)) setVisited(new Set([...visited, wanted]));
  // The same function for the chart's life, so the memoised header parts below do not render again per tab.
  const wantedRef = useRef(wanted);
  wantedRef.current = wanted;
  const setTab = useCallback((t: ChartTab) => {
    if (onTab === undefined) setOwnTab(t);
    else if (t !== wantedRef.current) onTab(t);
  }, [onTab]);
  const opened = useRef(false);
  const chart = useQuery({
    queryKey: queryKeys.chart(patientId),
    queryFn: async () => {
      const view = await api.chart.open(patientId, opened.current);
      opened.current = true;
      return view;
    },
  });
  const grant = useQuery({ queryKey: queryKeys.breakGlass(patientId), queryFn: () => api.breakGlass.active(patientId) });
  const headingRef = useRef<HTMLDivElement>(null);
  const tabRefs = useRef(new Map<ChartTab, HTMLButtonElement>());

  const tabs = chart.data?.tabs;
  useEffect(() => {
    if (tabs === undefined) return;
    void qc.prefetchQuery({ queryKey: queryKeys.lists(patientId), queryFn: () => api.chart.lists(patientId) });
    if (tabs.includes('vitals')) {
      void qc.prefetchQuery({ queryKey: queryKeys.observations(patientId), queryFn: () => api.chart.observations(patientId) });
    }
  }, [tabs, patientId, api, qc]);
  const loaded = chart.data !== undefined;
  useEffect(() => {
    // Focus moves to the chart when it opens, so a keyboard or screen-reader user lands on the banner.
    if (loaded) headingRef.current?.focus();
  }, [loaded]);
  const editable = role === 'physician' || role === 'nurse' || canSignOrders(role);
  const trends = tabs?.includes('vitals') === true;
  useEffect(() => (loaded ? whenIdle(() => warmLazyScreens({ editable, trends })) : undefined), [loaded, editable, trends]);
  useHotkeys((tabs ?? []).slice(0, 9).map((t, i) => [`alt+${i + 1}`, () => setTab(t)]), []);

  if (chart.isError) {
    return (
      <section className="chart" aria-label="Patient chart">
        <ErrorState title="The chart could not be opened" message={errorMessage(chart.error)}>
          <Button variant="default" size="xs" onClick={onClose}>Back to patients</Button>
        </ErrorState>
      </section>
    );
  }
  if (chart.data === undefined) return <LoadingSkeleton label="Opening chart…" rows={6} />;
  const c = chart.data;
  const visibleTab: ChartTab = c.tabs.find((t) => t === wanted) ?? 'summary';

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = c.tabs.indexOf(visibleTab);
    let next: ChartTab | undefined;
    if (e.key === 'ArrowRight') next = c.tabs[(i + 1) % c.tabs.length];
    else if (e.key === 'ArrowLeft') next = c.tabs[(i - 1 + c.tabs.length) % c.tabs.length];
    else if (e.key === 'Home') next = c.tabs[0];
    else if (e.key === 'End') next = c.tabs[c.tabs.length - 1];
    if (next !== undefined) {
      e.preventDefault();
      setTab(next);
      tabRefs.current.get(next)?.focus();
    }
  };

  return (
    <section className="chart" aria-label="Patient chart">
      <div className="chart-sticky">
        <ChartBanner banner={c.summary.banner} tabs={c.tabs} grantExpiresAt={grant.data?.expiresAt ?? null} onClose={onClose} headingRef={headingRef} />
        <div className="chart-nav">
          <BackToPatients onClose={onClose} />
          <div role="tablist" aria-label="Chart sections" className="tabs">
            {c.tabs.map((t, i) => (
              <button
                key={t}
                ref={(el) => {
                  if (el === null) tabRefs.current.delete(t);
                  else tabRefs.current.set(t, el);
                }}
                type="button"
                role="tab"
                id={`tab-${t}`}
                aria-selected={t === visibleTab}
                aria-controls={`panel-${t}`}
                aria-keyshortcuts={i < 9 ? `Alt+${i + 1}` : undefined}
                tabIndex={t === visibleTab ? 0 : -1}
                onClick={() => setTab(t)}
                onKeyDown={onTabKey}
              >
                {TAB_LABEL[t]}
              </button>
            ))}
          </div>
          <ChartApps patientId={patientId} role={role} />
        </div>
      </div>
      {/*
        Tabs stay mounted once visited, so switching back is a style change, not a re-render. A hidden panel
        keeps its layout (styles.css: content-visibility: hidden instead of display: none), so showing it
        again does not lay out its tables and trend chart from scratch; `inert` and `aria-hidden` keep it
        out of the tab order and the accessibility tree, as display: none did.
      */}
      <LeaveGuardScope prefix={`/patients/${encodeURIComponent(patientId)}/`}>
        {c.tabs.filter((t) => visited.has(t) || t === visibleTab).map((t) => (
          <div key={t} role="tabpanel" id={`panel-${t}`} aria-labelledby={`tab-${t}`} className="tab-panel" tabIndex={t === visibleTab ? 0 : -1}
            hidden={t !== visibleTab} inert={t !== visibleTab} aria-hidden={t === visibleTab ? undefined : true}>
            <div className="tab-panel-body">
              <TabContent tab={t} patientId={patientId} role={role} chart={c} {...(user === undefined ? {} : { user })} {...(noteId === undefined || t !== 'notes' ? {} : { noteId })} />
            </div>
          </div>
        ))}
      </LeaveGuardScope>
    </section>
  );
}

/*
 * The chart's header parts that do not depend on the tab shown, memoised: a tab switch re-renders the
 * tab buttons and the panel shown, not the banner, the break-glass notice or the Apps menu.
 */
const ChartBanner = memo(function ChartBanner({ banner, tabs, grantExpiresAt, onClose, headingRef }: {
  banner: Banner; tabs: readonly ChartTab[]; grantExpiresAt: string | null; onClose: () => void; headingRef: RefObject<HTMLDivElement | null>;
}) {
  return (
    <>
      {grantExpiresAt !== null && <BreakGlassBanner expiresAt={grantExpiresAt} onExpire={onClose} />}
      <div ref={headingRef} tabIndex={-1} className="chart-focus">
        <PatientBanner banner={banner} allergiesVisible={tabs.includes('allergies')} weightVisible={tabs.includes('vitals')} />
      </div>
    </>
  );
});

const BackToPatients = memo(function BackToPatients({ onClose }: { onClose: () => void }) {
  return <Button variant="subtle" size="xs" leftSection={<IconArrowLeft size={14} aria-hidden />} onClick={onClose}>Back to patients</Button>;
});

const ChartApps = memo(AppsMenu);

/**
 * `noteId`: the note the URL names (`/patients/:id/notes/:noteId`), for the notes tab to open.
 * Memoised: a tab switch changes the URL and re-renders the chart, but the hidden tabs' props are the
 * same, so only the tab being shown is touched (a long table or a trend chart is not rebuilt per click).
 */
const TabContent = memo(function TabContent({ tab, patientId, role, chart, user }: { tab: ChartTab; patientId: string; role: Role; chart: ChartView; user?: SessionUser; noteId?: string }) {
  switch (tab) {
    case 'summary':
      return <SummaryTab chart={chart} />;
    case 'problems':
      return (
        <>
          <ProblemsTab patientId={patientId} />
          {(role === 'physician' || role === 'nurse') && <ProblemAdd patientId={patientId} />}
          {(role === 'physician' || role === 'nurse') && <ListEntryChange patientId={patientId} kind="problem" />}
        </>
      );
    case 'medications':
      return (
        <>
          <MedicationsTab patientId={patientId} />
          {canSignOrders(role) && (
            <Suspense fallback={<LoadingSkeleton label="Loading dose change…" rows={2} />}>
              <DoseChange patientId={patientId} />
              <OrderStatusChange patientId={patientId} />
            </Suspense>
          )}
        </>
      );
    case 'orders':
      // New medication, lab and imaging orders and order sets: one composer (the host offers the tab to prescribers only).
      return canSignOrders(role) && user !== undefined ? (
        <Suspense fallback={<LoadingSkeleton label="Opening order entry…" rows={6} />}>
          <OrdersWorkspace banner={chart.summary.banner} user={user} />
        </Suspense>
      ) : null;
    case 'allergies':
      return (
        <>
          <AllergiesTab patientId={patientId} status={chart.summary.banner.allergyStatus} />
          {(role === 'physician' || role === 'nurse') && (
            <Suspense fallback={<LoadingSkeleton label="Loading allergy entry…" rows={2} />}>
              <AllergyAdd patientId={patientId} />
            </Suspense>
          )}
          {(role === 'physician' || role === 'nurse') && <ListEntryChange patientId={patientId} kind="allergy" />}
        </>
      );
    case 'vitals':
      return <VitalsTab patientId={patientId} role={role} />;
    case 'encounters':
      return <EncountersTab encounters={chart.encounters} />;
    case 'notes':
      return (
        <>
          <NotesWorkspace patientId={patientId} role={role} vitals={chart.summary.latestVitals} labs={chart.summary.recentLabs} summary={chart.summary} />
          <NotesTab patientId={patientId} notes={chart.notes} />
        </>
      );
  }
});
