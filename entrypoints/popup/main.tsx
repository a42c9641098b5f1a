import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PopupPage } from '../../src/ui/popup/PopupPage';
import '../../src/ui/popup/popup.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PopupPage />
  </StrictMode>,
);
