import { t } from '../../platform/i18n';
import { Icon } from '../icons';
import type { Tip } from './model';

/** One next step, from the weakest dimension, chosen on this device. */
export function TipCard({ tip, onHide }: { tip: Tip; onHide: () => void }) {
  return (
    <section className="card tip" aria-labelledby="tip-heading" data-testid="tip" data-dimension={tip.dimension}>
      <Icon name="bulb" size={18} className="tip-icon" />
      <div className="tip-body">
        <h2 id="tip-heading" className="eyebrow">
          {t('popup_tip_label', tip.name)}
        </h2>
        <p className="tip-text">{tip.text}</p>
      </div>
      <button type="button" className="icon-button" onClick={onHide} aria-label={t('popup_tip_hide')} title={t('popup_tip_hide')}>
        <Icon name="close" size={16} />
      </button>
    </section>
  );
}
