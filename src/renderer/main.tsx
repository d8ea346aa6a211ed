/** Renderer entry: pick the bridge (Electron IPC or browser socket), build the stores, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ConsoleProvider, createConsole } from './app/context';
import { pickBridge } from './bridge/pick';
import './styles/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html lacks #root');

pickBridge(window).then(
  (bridge) => {
    createRoot(container).render(
      <StrictMode>
        <ConsoleProvider value={createConsole(bridge)}>
          <App />
        </ConsoleProvider>
      </StrictMode>,
    );
  },
  (error: unknown) => {
    // Nothing else can render without a bridge: say so plainly instead of a blank window.
    container.textContent = `Warroom could not start: ${error instanceof Error ? error.message : String(error)}`;
    container.setAttribute('role', 'alert');
  },
);
