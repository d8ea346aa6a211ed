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
import { Alerts, TopBar } from './StatusBar';
import { useHotkey } from './useHotkey';

export function App() {
  const [declaring, setDeclaring] = useState(false);
  useHotkey('n', () => setDeclaring(true));

  return (
    <div className="app">
      <TopBar onDeclare={() => setDeclaring(true)} />
      <Alerts />
      <CadenceBanner />
      <main className="workspace">
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
