import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { App } from './App';
import { HostConnectionNotice } from './components/HostConnectionNotice';
import { connectPlatform } from './platform-connect';

const root = createRoot(document.getElementById('root')!);
void connectPlatform().finally(() => {
  root.render(
    <StrictMode>
      <App />
      <HostConnectionNotice />
    </StrictMode>,
  );
});
