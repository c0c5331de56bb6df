/**
 * The Lantern theme: one type scale, dense spacing for screens read at a bedside PC, and status
 * colours whose text/background pairs pass WCAG 2.2 AA contrast (1.4.3, >= 4.5:1) in light and dark.
 * Every screen takes colours from here (or from the CSS variables below), never from hex in a component.
 */
import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** A blue whose shade 7 carries white text at 8:1 (light) and shade 6 at 6:1 (dark). */
const lantern: MantineColorsTuple = ['#e8f1fb', '#cfe0f5', '#a6c6ec', '#79a8e0', '#5590d6', '#3a7bc8', '#1f5fa8', '#1a4f8b', '#143f70', '#0e2f55'];

export const STATUSES = ['critical', 'warning', 'info', 'abnormal', 'normal'] as const;
export type Status = (typeof STATUSES)[number];

interface Pair { fg: string; bg: string; border: string }

/** Text on background, checked with the WCAG relative-luminance formula in theme.test.ts. */
export const STATUS_COLORS: Record<'light' | 'dark', Record<Status, Pair>> = {
  light: {
    critical: { fg: '#ffffff', bg: '#a4161a', border: '#a4161a' },
    warning: { fg: '#5c3d00', bg: '#fff0c2', border: '#8a5a00' },
    info: { fg: '#0b3866', bg: '#dbe9f7', border: '#1a4f8b' },
    abnormal: { fg: '#6b3a00', bg: '#ffe0b2', border: '#8a4b00' },
    normal: { fg: '#1b5e20', bg: '#d3f2da', border: '#2e7d32' },
  },
  dark: {
    critical: { fg: '#3d0000', bg: '#ffb3b3', border: '#ff8a8a' },
    warning: { fg: '#ffe08a', bg: '#4d3800', border: '#c99a2e' },
    info: { fg: '#cfe3ff', bg: '#12345a', border: '#5590d6' },
    abnormal: { fg: '#ffd8a8', bg: '#5a3300', border: '#d08a3a' },
    normal: { fg: '#b6f0c2', bg: '#133d1c', border: '#4caf50' },
  },
};

/**
 * Error text (field errors, failed actions). Mantine's default is red.6 (#fa5252, 3.6:1 on white) in light
 * and red.8 (#e03131, 3.7:1 on #242424) in dark: both fail WCAG 1.4.3. These pass on every surface.
 */
export const ERROR_TEXT = { light: '#b3191e', dark: '#ff9b9b' } as const;

/** Mantine's red with shades 6-9 darkened, so `c="red"` text and white on a filled red button pass AA too. */
const red: MantineColorsTuple = ['#fff5f5', '#ffe3e3', '#ffc9c9', '#ffa8a8', '#ff8787', '#ff6b6b', '#c92a2a', '#b3191e', '#a4161a', '#8a1014'];

/** Muted text that still reads at AA on the page and card backgrounds (Mantine's default gray.6 does not). */
export const DIMMED = { light: '#4a5562', dark: '#b8c0c8' } as const;

export const lanternTheme = createTheme({
  primaryColor: 'lantern',
  primaryShade: { light: 7, dark: 6 },
  colors: { lantern, red },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  fontSizes: { xs: '0.75rem', sm: '0.875rem', md: '0.9375rem', lg: '1.0625rem', xl: '1.25rem' },
  lineHeights: { xs: '1.35', sm: '1.4', md: '1.45', lg: '1.5', xl: '1.5' },
  spacing: { xs: '0.375rem', sm: '0.625rem', md: '0.875rem', lg: '1.25rem', xl: '1.75rem' },
  headings: {
    fontWeight: '650',
    sizes: {
      h1: { fontSize: '1.375rem', lineHeight: '1.3' },
      h2: { fontSize: '1.125rem', lineHeight: '1.3' },
      h3: { fontSize: '1rem', lineHeight: '1.35' },
      h4: { fontSize: '0.9375rem', lineHeight: '1.35' },
    },
  },
  defaultRadius: 'sm',
  focusRing: 'auto',
  cursorType: 'pointer',
  components: {
    Button: { defaultProps: { size: 'sm' } },
    ActionIcon: { defaultProps: { size: 'lg', variant: 'subtle' } },
    TextInput: { defaultProps: { size: 'sm' } },
    PasswordInput: { defaultProps: { size: 'sm' } },
    NumberInput: { defaultProps: { size: 'sm' } },
    Select: { defaultProps: { size: 'sm' } },
    NativeSelect: { defaultProps: { size: 'sm' } },
    Textarea: { defaultProps: { size: 'sm', autosize: true, minRows: 3 } },
    Table: { defaultProps: { fz: 'sm', verticalSpacing: 6, horizontalSpacing: 'sm', highlightOnHover: true } },
    // A tooltip fades in, and goes at once when the pointer or focus leaves: a closing fade left the
    // label half transparent over the screen for a few frames (unreadable, 1.2:1 mid-fade), which
    // axe caught under load on the workstation settings screen, under the top bar's settings button.
    Tooltip: { defaultProps: { withArrow: true, openDelay: 200, transitionProps: { transition: 'fade', duration: 100, exitDuration: 0 } } },
    Paper: { defaultProps: { withBorder: true, p: 'md' } },
    // A toast's description under a title is gray.6 in Mantine (#868e96, 3.3:1 on white): the AA-safe dimmed grey instead.
    Notification: { styles: { description: { color: 'var(--mantine-color-dimmed)' } } },
  },
});

/** Status colours and AA-safe dimmed text as CSS variables (`--lantern-<status>-fg|bg|border`). */
export const lanternCssVariables: CSSVariablesResolver = () => {
  const vars = (scheme: 'light' | 'dark'): Record<string, string> => {
    const out: Record<string, string> = { '--mantine-color-dimmed': DIMMED[scheme], '--mantine-color-error': ERROR_TEXT[scheme] };
    for (const s of STATUSES) {
      const p = STATUS_COLORS[scheme][s];
      out[`--lantern-${s}-fg`] = p.fg;
      out[`--lantern-${s}-bg`] = p.bg;
      out[`--lantern-${s}-border`] = p.border;
    }
    return out;
  };
  return { variables: {}, light: vars('light'), dark: vars('dark') };
};
