import type { ThemeConfig } from 'antd';

/** Civic palette: a deep government blue for the work, one 党建 red for the brand mark only. */
export const BRAND_RED = '#c8102e';
export const NAVY = '#0f2744';
export const PRIMARY = '#1d4e89';

export const consoleTheme: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY,
    colorLink: PRIMARY,
    colorBgLayout: '#f3f5f8',
    // WCAG AA (4.5:1) for secondary text, placeholders and status tags; antd's defaults fall short
    colorTextPlaceholder: '#707070',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorSuccess: '#2f7d0a',
    colorSuccessBg: '#f0f9e8',
    colorSuccessBorder: '#b7e08f',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif",
  },
  components: {
    Layout: {
      headerBg: NAVY,
      headerHeight: 56,
      headerPadding: '0 20px',
      siderBg: '#ffffff',
      bodyBg: '#f3f5f8',
      triggerBg: '#f7f9fc',
      triggerColor: PRIMARY,
    },
    Menu: {
      itemBorderRadius: 6,
      itemMarginInline: 8,
      activeBarBorderWidth: 0,
      itemSelectedBg: '#e6eef8',
      itemSelectedColor: PRIMARY,
    },
    Tree: { nodeSelectedBg: '#dce8f6', nodeHoverBg: '#eef3fa' },
    Card: { headerFontSize: 15 },
    Descriptions: { labelBg: '#f7f9fc' },
    Breadcrumb: {
      itemColor: 'rgba(0, 0, 0, 0.62)',
      linkColor: 'rgba(0, 0, 0, 0.62)',
      separatorColor: 'rgba(0, 0, 0, 0.62)',
    },
  },
};
