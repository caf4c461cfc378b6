// French by default; English selectable in the header. The choice is remembered in localStorage.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import fr from './fr.json';
import en from './en.json';

const LANGUAGE_KEY = 'rafael.language';
const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(LANGUAGE_KEY) : null;

void i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr }, en: { translation: en } },
  lng: stored === 'en' ? 'en' : 'fr',
  fallbackLng: 'fr',
  interpolation: { escapeValue: false },
});

export function setLanguage(lng: 'fr' | 'en'): void {
  void i18n.changeLanguage(lng);
  localStorage.setItem(LANGUAGE_KEY, lng);
  document.documentElement.lang = lng;
}

export default i18n;
