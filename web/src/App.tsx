// Chooses the page for the current route; signed-out users go to the login page and
// come back where they were going.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, onHoursRefused } from './api/client';
import { HoursRefused } from './components/HoursRefused';
import { useLang } from './i18n';
import { Account } from './pages/Account';
import { AdminConsole } from './pages/admin/AdminConsole';
import { Login } from './pages/Login';
import { NotFound } from './pages/NotFound';
import { InboxPage } from './pages/inbox/InboxPage';
import { MyExports } from './pages/exports/MyExports';
import { Portal } from './pages/Portal';
import { AppBuilder } from './pages/builder/AppBuilder';
import { OvertimePage } from './pages/overtime/OvertimePage';
import { IncidentsPage } from './pages/incidents/IncidentsPage';
import { DeviceGate } from './pages/devices/DeviceGate';
import { MePage } from './pages/devices/MePage';
import { ReportPage } from './pages/devices/ReportPage';
import type { DeviceStatus } from './pages/devices/types';
import { ImportPage } from './pages/records/ImportPage';
import { RecordDetail } from './pages/records/RecordDetail';
import { RecordList } from './pages/records/RecordList';
import { navigate, useRoute } from './router';
import { pendingStep, session } from './session';

export function App() {
  useLang();
  const route = useRoute();
  const signedIn = session() !== null;
  const [refused, setRefused] = useState<ApiError | null>(null);
  useEffect(() => {
    onHoursRefused(setRefused);
    return () => onHoursRefused(null);
  }, []);
  // Registered devices (docs/DEVICES.md): this browser's state, checked once signed in.
  const [device, setDevice] = useState<DeviceStatus | null>(null);
  useEffect(() => {
    if (!signedIn && route.name !== 'login' && route.name !== 'report')
      navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, true);
  }, [signedIn, route.name]);
  useEffect(() => {
    if (signedIn && route.name !== 'login' && !pendingStep())
      api.get<DeviceStatus>('/api/device/status.json').then(setDevice, () => setDevice({ required: false, personalAllowed: true, state: 'none' }));
  }, [signedIn, route.name === 'login', pendingStep()]);
  if (refused) return <HoursRefused error={refused} onDone={() => setRefused(null)} />;
  if (route.name === 'report') return <ReportPage signedIn={signedIn} />;
  if (!signedIn || route.name === 'login') return <Login />;
  // A sign-in step still due (accounts): the code, a password change, TOTP set-up.
  const step = pendingStep();
  if (step === 'totp') return <Login />;
  if (step === 'password' || step === 'enrol') return <Account />;
  if (device === null) return null;
  if (device.required && device.state !== 'approved') return <DeviceGate status={device} onApproved={() => location.reload()} />;
  switch (route.name) {
    case 'portal':
      return <Portal />;
    case 'account':
      return <Account />;
    case 'me':
      return <MePage />;
    case 'builder':
      return <AppBuilder key={route.app} app={route.app} tab={route.tab} />;
    case 'records':
      return <RecordList key={route.app} app={route.app} view={route.view} />;
    case 'record':
      return <RecordDetail key={`${route.app}-${route.id}`} app={route.app} id={route.id} />;
    case 'recordNew':
      return <RecordDetail key={`${route.app}-new-${route.copyOf || ''}`} app={route.app} copyOf={route.copyOf} />;
    case 'import':
      return <ImportPage key={route.app} app={route.app} />;
    case 'overtime':
      return <OvertimePage />;
    case 'incidents':
      return <IncidentsPage key={route.id || ''} id={route.id} />;
    case 'inbox':
      return <InboxPage />;
    case 'exports':
      return <MyExports />;
    case 'admin':
      return <AdminConsole key={route.section} section={route.section} />;
    default:
      return <NotFound />;
  }
}
