/**
 * Unit tests run outside an extension, where no browser supplies messages:
 * English stands in, as the browser's own default_locale fallback does in the
 * extension. Loaded for every unit test (vitest.config.ts setupFiles).
 */
import en from '../../assets/public/_locales/en/messages.json';
import { setEnglishFallback } from './i18n';

setEnglishFallback(en);
