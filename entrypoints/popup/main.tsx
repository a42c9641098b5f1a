import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PopupPage } from '../../src/ui/popup/PopupPage';
import { prefetchSummary } from '../../src/ui/popup/usePopupData';
import '../../src/ui/popup/popup.css';

prefetchSummary();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PopupPage />
  </StrictMode>,
);
