import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { WelcomePage } from '../../src/ui/welcome/WelcomePage';
import '../../src/ui/welcome/welcome.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WelcomePage />
  </StrictMode>,
);
