/** 普惠's service card pages in the console, in both languages. */
export const cardsI18n = {
  'zh-CN': {
    cards: {
      menu: { group: '普惠服务' },
    },
  },
  en: {
    cards: {
      menu: { group: 'Inclusive services' },
    },
  },
};
