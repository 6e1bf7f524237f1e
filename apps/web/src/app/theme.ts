import { theme, type ThemeConfig } from 'antd';

/** Union red on white with a neutral grey canvas: the look of a provincial government console. */
export const palette = {
  primary: '#c8161d',
  primaryDark: '#9e0f15',
  headerFrom: '#9e0f15',
  headerTo: '#c8161d',
  canvas: '#f2f3f5',
  selectedBg: '#fdf0f0',
  gold: '#f6c344',
} as const;

export const fontFamily =
  '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const appTheme: ThemeConfig = {
  // Dense but legible: antd's compact algorithm shrinks fonts below what Chinese text needs (8–11 px),
  // so density comes from lower control heights and small tables instead.
  algorithm: theme.defaultAlgorithm,
  token: {
    fontSizeSM: 12,
    controlHeight: 30,
    colorPrimary: palette.primary,
    colorInfo: '#1f5fae',
    colorLink: '#1f5fae',
    borderRadius: 3,
    fontFamily,
    fontSize: 13,
    colorBgLayout: palette.canvas,
  },
  components: {
    Layout: { headerBg: palette.primary, siderBg: '#ffffff', bodyBg: palette.canvas, headerHeight: 52, headerPadding: '0 20px' },
    Menu: {
      itemSelectedBg: palette.selectedBg,
      itemSelectedColor: palette.primary,
      itemHeight: 40,
      itemMarginInline: 6,
      itemBorderRadius: 3,
    },
    Table: { headerBg: '#f5f6f8', headerColor: '#333', rowHoverBg: '#fbf4f4', cellPaddingBlockSM: 6 },
    Card: { headerFontSize: 14 },
    Tree: { nodeSelectedBg: palette.selectedBg, titleHeight: 28 },
    Descriptions: { labelBg: '#f7f8fa' },
  },
};
