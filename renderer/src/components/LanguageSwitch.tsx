import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang-switch">
      <span>{t('app.language')}</span>
      <select aria-label={t('app.language')} value={i18n.language.startsWith('en') ? 'en' : 'fr'} onChange={(e) => setLanguage(e.target.value === 'en' ? 'en' : 'fr')}>
        <option value="fr">Français</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}
