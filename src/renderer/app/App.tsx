/**
 * The console layout: a grid with one named area per region of the design. Regions that do not
 * exist yet ("Role board", "Timeline", "Terminal", "Update cadence", "Peers") have their areas
 * reserved in app.css and slot in by class name.
 */
import { useState } from 'react';
import { CadenceBanner } from '../cadence/CadenceBanner';
import { CadenceRegion } from '../cadence/CadenceRegion';
import { DeclareDialog } from '../incidents/DeclareDialog';
import { IncidentList } from '../incidents/IncidentList';
import { IncidentView } from '../incidents/IncidentView';
import { RoleBoardRegion } from '../roles/RoleBoard';
import { PeersRegion } from '../sync/PeersRegion';
import { TerminalRegion } from '../terminal/TerminalRegion';
import { TimelineRegion } from '../timeline/TimelinePane';
import { useIncidents } from './context';
import { Alerts, TopBar } from './StatusBar';
import { useHotkey } from './useHotkey';

export function App() {
  const [declaring, setDeclaring] = useState(false);
  const open = useIncidents((s) => s.selected !== null);
  useHotkey('n', () => setDeclaring(true));

  return (
    <div className="app">
      <TopBar onDeclare={() => setDeclaring(true)} />
      <Alerts />
      <CadenceBanner />
      {/* A class, not a :has() rule: every node the terminal inserts re-ran :has() on the whole workspace. */}
      <main className={open ? 'workspace workspace--open' : 'workspace'}>
        <IncidentList />
        <IncidentView />
        <TimelineRegion />
        <RoleBoardRegion />
        <CadenceRegion />
        <PeersRegion />
        <TerminalRegion />
      </main>
      {declaring && <DeclareDialog onClose={() => setDeclaring(false)} />}
    </div>
  );
}
